import type Router from '@koa/router';
import type { WhatsAppAdapter, WhatsAppInboundMessage } from '../../adapters/whatsapp';
import type { Database } from '../db/database';
import { publicError } from '../errors';
import { readRawBody } from '../http/body';
import type { Logger } from '../logger';
import type { Ingress, MessageIn } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { recordStatus } from './deliveries';

export interface WhatsAppRoutesDeps {
  whatsapp: WhatsAppAdapter;
  ingress: Ingress;
  tenants: TenantRegistry;
  db: Database;
  log: Logger;
  metrics: Metrics;
  /** Largest webhook body accepted; Meta's are a few KB. */
  maxBodyBytes: number;
}

/** What a WhatsApp message says to the thread: text, a tap, or a kind of media. */
function toMessageIn(tenant: string, m: WhatsAppInboundMessage): MessageIn {
  const base = {
    tenant,
    from: m.from,
    channel: 'whatsapp' as const,
    eventId: `wa:${m.messageId}`,
    source: 'whatsapp',
  };
  const c = m.content;
  switch (c.type) {
    case 'text':
      return { ...base, text: c.text };
    case 'reply':
      return { ...base, text: c.title, replyId: c.id };
    case 'audio':
      return { ...base, text: '', voiceNote: true, media: 'audio' };
    case 'image':
      return { ...base, text: c.caption ?? '', media: 'image' };
    case 'location':
      return { ...base, text: [c.name, c.address].filter(Boolean).join(', '), media: 'location' };
    case 'unsupported':
      return { ...base, text: '', media: c.originalType };
  }
}

/**
 * `GET /webhooks/whatsapp` (verify handshake) and `POST /webhooks/whatsapp`: signature checked
 * over the raw bytes, every message written to its tenant's inbox before the 200, statuses
 * recorded, unknown numbers logged and acknowledged (Meta would otherwise retry for days).
 */
export function whatsappRoutes(router: Router, deps: WhatsAppRoutesDeps): void {
  router.get('/webhooks/whatsapp', (ctx) => {
    const result = deps.whatsapp.verifyHandshake(ctx.query);
    if (result.ok) {
      ctx.type = result.contentType;
      ctx.body = result.body;
      return;
    }
    deps.log.warn({ reason: result.reason }, 'whatsapp handshake refused');
    ctx.status = 403;
    ctx.body = { error: 'forbidden', message: 'verification failed' };
  });

  router.post('/webhooks/whatsapp', async (ctx) => {
    if (!ctx.is('application/json'))
      throw publicError('unsupported_media_type', 'send application/json');
    const raw = await readRawBody(ctx, deps.maxBodyBytes);
    const sig = deps.whatsapp.verifySignature(raw, ctx.get('x-hub-signature-256') || undefined);
    if (sig !== 'ok') {
      deps.metrics.inboxEvents.inc({ result: 'rejected' });
      deps.log.warn(
        { reason: sig, configured: deps.whatsapp.options.appSecret !== undefined },
        'whatsapp webhook refused: bad signature',
      );
      throw publicError('unauthorized', `signature ${sig}`);
    }
    const parsed = deps.whatsapp.parse(raw);
    if (!parsed.ok) {
      deps.metrics.inboxEvents.inc({ result: 'rejected' });
      deps.log.warn(
        { reason: parsed.error.reason, issues: parsed.error.issues },
        'whatsapp webhook not understood',
      );
      throw publicError('bad_request', parsed.error.message);
    }
    for (const item of parsed.items) {
      const tenant = await deps.tenants.resolve('whatsapp', item.phoneNumberId);
      if (!tenant) {
        deps.log.warn(
          { phoneNumberId: item.phoneNumberId, kind: item.kind },
          'whatsapp event for an unknown number; acknowledged and dropped',
        );
        continue;
      }
      switch (item.kind) {
        case 'message': {
          const m = toMessageIn(tenant, item);
          await deps.ingress.acceptMessage(m, { at: item.timestamp });
          break;
        }
        case 'status': {
          const t = await deps.tenants.get(tenant);
          // 'played' (voice notes) is as good as read for a delivery.
          const status = item.status === 'played' ? 'read' : item.status;
          if (t) await recordStatus(deps.db, t.schema, item.messageId, status, item.errors);
          break;
        }
        case 'error':
          deps.log.error({ tenant, errors: item.errors }, 'whatsapp account error');
          break;
      }
    }
    ctx.status = 200;
    ctx.body = { ok: true };
  });
}
