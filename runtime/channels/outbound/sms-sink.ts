import type { OutboundMessage } from '../../../contract';
import { SmsError, type SmsAdapter } from '../../../adapters/sms';
import type { Database } from '../../db/database';
import type { EffectContext } from '../../effects/effect-handler';
import type { Logger } from '../../logger';
import { recordAccepted } from '../../stores/deliveries';
import { flattenMessage } from './outbound-text';
import { maybePhoneOf } from './thread-contact';
import type { NotificationPolicy } from '../channel-accounts';

export type SmsOutcome =
  | { sms: string; status: 'sent'; cost?: { amountMinor: number; currency: string } }
  | { sms: string | null; status: 'failed'; reason: string };

/**
 * SMS as the notification sink of reminders WhatsApp cannot deliver. Every attempt that reached
 * Africa's Talking is a `deliveries` row (kind 'sms') with its status and cost; a retryable
 * failure (gateway, 5xx, timeout) is thrown for the outbox to retry.
 */
export class SmsSink {
  constructor(
    private readonly db: Database,
    private readonly sms: SmsAdapter | undefined,
    private readonly log: Logger,
  ) {}

  get configured(): boolean {
    return this.sms?.options.apiKey !== undefined;
  }

  async send(
    ctx: EffectContext,
    message: OutboundMessage,
    policy: NotificationPolicy,
    fallbackOf?: string,
  ): Promise<SmsOutcome> {
    const schema = ctx.tenant.schema;
    const phone = await maybePhoneOf(this.db, schema, ctx.threadKey);
    if (!this.sms || !this.configured || !phone)
      return { sms: null, status: 'failed', reason: phone ? 'sms_not_configured' : 'no_phone' };
    const base = {
      channel: 'sms',
      outboxId: ctx.outboxId,
      threadKey: ctx.threadKey,
      kind: 'sms' as const,
      ...(fallbackOf ? { fallbackOf } : {}),
    };
    try {
      const result = await this.sms.send({
        to: phone,
        message: flattenMessage(message),
        ...(policy.smsSenderId ? { from: policy.smsSenderId } : {}),
      });
      const r = result.recipients[0];
      const id = r?.messageId && r.messageId !== 'None' ? r.messageId : `sms:${ctx.outboxId}`;
      const cost = r?.cost
        ? { amountMinor: r.cost.amountMinor, currency: r.cost.currency }
        : undefined;
      await recordAccepted(this.db, schema, {
        ...base,
        providerMessageId: id,
        status: 'sent',
        ...(cost ? { cost } : {}),
      });
      return { sms: id, status: 'sent', ...(cost ? { cost } : {}) };
    } catch (err) {
      if (!(err instanceof SmsError) || err.retryable) throw err;
      await recordAccepted(this.db, schema, {
        ...base,
        providerMessageId: `sms:${ctx.outboxId}`,
        status: 'failed',
        errors: [{ code: err.atStatusCode ?? null, reason: err.reason }],
      });
      this.log.warn({ tenant: ctx.tenant.slug, reason: err.reason }, 'sms reminder refused');
      return { sms: null, status: 'failed', reason: err.reason };
    }
  }
}
