import type {
  WhatsAppAdapter,
  WhatsAppInboundMessage,
  WhatsAppStatusUpdate,
} from '../../../adapters/whatsapp';
import { publicError } from '../../../contract';
import type { MessageIn } from '../../mailbox/ingress';
import type { Tenant } from '../../tenancy/tenant-registry';
import { deliveryWithMessage } from '../../stores/deliveries';
import { StatusWriter } from './status-writer';
import type { WebhookDeps, WebhookProcessor } from './webhook-processor';
import type { VoiceNotePayload } from './voice-notes';
import { failureClass } from '../outbound/whatsapp-sender';

export type WhatsAppWebhookDeps = WebhookDeps & { whatsapp: WhatsAppAdapter };

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

/** A rate-limited failure is sent again after this long (the number's bucket paces it too). */
const RATE_LIMITED_RESEND_MS = 2000;

/**
 * The body of `POST /webhooks/whatsapp`: signature checked over the raw bytes, every message
 * written to its tenant's inbox before it resolves (a voice note: its transcription effect),
 * statuses recorded (a `failed` one gets its sequel enqueued: template, re-send or SMS), unknown
 * numbers logged and acknowledged (Meta would otherwise retry for days). Throws the 401 / 400 /
 * 503 of a refused or unstored webhook.
 */
export function whatsappWebhook(deps: WhatsAppWebhookDeps): WebhookProcessor {
  const statuses = new StatusWriter(deps.db);
  return async (raw, signature) => {
    const sig = deps.whatsapp.verifySignature(raw, signature);
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
    // In order: two messages of one sender must reach the inbox in the order they were sent.
    for (const item of parsed.items) {
      const slug = await deps.tenants.resolve('whatsapp', item.phoneNumberId);
      const tenant = slug ? await deps.tenants.get(slug) : undefined;
      if (!tenant) {
        deps.log.warn(
          { phoneNumberId: item.phoneNumberId, kind: item.kind },
          'whatsapp event for an unknown number; acknowledged and dropped',
        );
        continue;
      }
      if (item.kind === 'message') await onMessage(deps, tenant, item);
      else if (item.kind === 'status') await onStatus(deps, statuses, tenant, item);
      else deps.log.error({ tenant: tenant.slug, errors: item.errors }, 'whatsapp account error');
    }
  };
}

async function onMessage(
  deps: WhatsAppWebhookDeps,
  tenant: Tenant,
  m: WhatsAppInboundMessage,
): Promise<void> {
  if (m.content.type === 'audio') {
    // Transcribed by the outbox; the transcript reaches the thread as the message `wa:<wamid>`.
    const threadKey = await deps.ingress.threadOfPhone(tenant, m.from, 'whatsapp');
    if (!threadKey) throw publicError('bad_request', 'the sender is not a phone number');
    const payload: VoiceNotePayload = {
      from: m.from,
      messageId: m.messageId,
      mediaId: m.content.mediaId,
      mimeType: m.content.mimeType,
      at: m.timestamp,
    };
    // Its receipt and its transcription, written together (the receipt leaves first).
    await deps.effects.enqueue(tenant, threadKey, [
      readReceipt(m.messageId),
      {
        kind: 'voice.transcribe',
        payload: { ...payload },
        idempotencyKey: `voice:wa:${m.messageId}`,
      },
    ]);
    return;
  }
  // Blue ticks: written with the inbox row, so a message is never stored without its receipt.
  const accepted = await deps.ingress.acceptMessage(
    { ...toMessageIn(tenant.slug, m), effects: [readReceipt(m.messageId)] },
    { at: m.timestamp },
  );
  if (accepted.fresh) deps.effects.kickFor(tenant);
}

const readReceipt = (wamid: string) => ({
  kind: 'whatsapp.mark_read',
  payload: { messageId: wamid },
  idempotencyKey: `wa-read:${wamid}`,
});

async function onStatus(
  deps: WhatsAppWebhookDeps,
  statuses: StatusWriter,
  tenant: Tenant,
  s: WhatsAppStatusUpdate,
): Promise<void> {
  // 'played' (voice notes) is as good as read for a delivery.
  const status = s.status === 'played' ? 'read' : s.status;
  const d = await statuses.record(tenant.schema, s.messageId, status, s.errors);
  if (!d || status !== 'failed' || d.kind === 'sms') return;
  const code = s.errors[0]?.code;
  deps.log.warn({ tenant: tenant.slug, code, kind: d.kind }, 'whatsapp message failed');
  const full = await deliveryWithMessage(deps.db, tenant.schema, s.messageId);
  await deps.effects.enqueue(tenant, d.threadKey, [
    {
      kind: 'whatsapp.redeliver',
      payload: {
        providerMessageId: s.messageId,
        code: code ?? null,
        kind: d.kind,
        message: full?.message ?? null,
      },
      idempotencyKey: `wa-redeliver:${s.messageId}`,
      ...(failureClass(code) === 'rate_limited' ? { delayMs: RATE_LIMITED_RESEND_MS } : {}),
    },
  ]);
}
