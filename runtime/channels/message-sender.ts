import type { OutboundMessage } from '../../machines';
import type { WhatsAppAdapter } from '../../adapters/whatsapp';
import type { Database } from '../db/database';
import { ident } from '../db/schema-name';
import { RatibaError } from '../errors';
import type { EffectHandler } from '../effects/effect-handler';
import { customerIdOf } from '../supervisor/thread-key';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { recordAccepted } from './deliveries';

export interface MessageSenderDeps {
  db: Database;
  tenants: TenantRegistry;
  whatsapp: WhatsAppAdapter;
}

/**
 * `message.send`: a machine's channel-neutral reply, rendered and sent on the channel the
 * customer last wrote on. The simulator channel needs no provider: the outbox row is the record.
 * Provider errors keep their retry classification (5xx/429 retried by the outbox; 4xx final).
 */
export function messageSender(deps: MessageSenderDeps): EffectHandler {
  return {
    answers: false,
    async run(payload, ctx) {
      const channel = String(payload.channel);
      const message = payload.message as OutboundMessage;
      switch (channel) {
        case 'simulator':
          return { delivered: 'simulator' };
        case 'whatsapp': {
          const phone = await phoneOf(deps.db, ctx.tenant.schema, ctx.threadKey);
          const numbers = ctx.tenant.settings.whatsapp as { phone_number_id: string }[] | undefined;
          const phoneNumberId = numbers?.[0]?.phone_number_id;
          const token = phoneNumberId
            ? (await deps.tenants.secrets(ctx.tenant.slug)).whatsapp?.[phoneNumberId]
            : undefined;
          if (!phoneNumberId || !token) {
            throw new RatibaError(
              'provider_error',
              `tenant ${ctx.tenant.slug} has no WhatsApp number with an access token`,
            );
          }
          const body = deps.whatsapp.render(phone.replace(/^\+/, ''), message);
          const sent = await deps.whatsapp.send({ phoneNumberId, accessToken: token }, body);
          await recordAccepted(deps.db, ctx.tenant.schema, {
            providerMessageId: sent.messageId,
            channel,
            outboxId: ctx.outboxId,
            threadKey: ctx.threadKey,
          });
          return { wamid: sent.messageId };
        }
        default:
          throw new RatibaError('unknown_effect', `no sender is configured for channel ${channel}`);
      }
    },
  };
}

async function phoneOf(
  db: Database,
  schema: Parameters<typeof ident>[0],
  threadKey: string,
): Promise<string> {
  const id = customerIdOf(threadKey);
  const { rows } = await db.query<{ phone: string | null }>(
    `SELECT phone FROM ${ident(schema)}.customers WHERE id = $1`,
    [id],
  );
  const phone = rows[0]?.phone;
  if (!phone)
    throw new RatibaError('provider_error', `thread ${threadKey} has no phone number to write to`);
  return phone;
}
