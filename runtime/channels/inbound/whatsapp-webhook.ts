import type {
  WhatsAppAdapter,
  WhatsAppInboundItem,
  WhatsAppInboundMessage,
  WhatsAppStatusUpdate,
} from '../../../adapters/whatsapp';
import { publicError } from '../../../contract';
import { effectDueNow, outboxThreadKey } from '../../stores/outbox';
import type { MessageIn } from '../../mailbox/ingress';
import type { Tenant } from '../../tenancy/tenant-registry';
import { deliveryWithMessage, recordAccepted, type DeliveryStatus } from '../../stores/deliveries';
import { StatusWriter } from './status-writer';
import { boundItems, inKeyOrder } from './webhook-items';
import type { WebhookDeps, WebhookProcessor } from './webhook-processor';
import type { VoiceNotePayload } from './voice-notes';
import { failureClass, parseSendCallbackData } from '../outbound/whatsapp-sender';

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
      return {
        ...base,
        text: c.caption ?? '',
        media: 'image',
        mediaId: c.mediaId,
        mimeType: c.mimeType,
      };
    case 'location':
      return { ...base, text: [c.name, c.address].filter(Boolean).join(', '), media: 'location' };
    case 'unsupported':
      return { ...base, text: '', media: c.originalType };
  }
}

/** Items of one key are handled in order: a sender's messages, a sent message's statuses. */
function itemKey(item: WhatsAppInboundItem): string {
  const where = item.phoneNumberId;
  if (item.kind === 'message') return `m:${where}:${item.from}`;
  if (item.kind === 'status') return `s:${where}:${item.recipient}`;
  return `e:${where}`;
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
    boundItems(parsed.items.length);
    // In order per sender (two messages of one sender reach the inbox in the order they were
    // sent; a message's statuses in order), the senders concurrently: the ack stays fast.
    await inKeyOrder(parsed.items, itemKey, async (item) => {
      const slug = await deps.tenants.resolve('whatsapp', item.phoneNumberId);
      const tenant = slug ? await deps.tenants.get(slug) : undefined;
      if (!tenant) {
        deps.log.warn(
          { phoneNumberId: item.phoneNumberId, kind: item.kind },
          'whatsapp event for an unknown number; acknowledged and dropped',
        );
        return;
      }
      if (item.kind === 'message') await onMessage(deps, tenant, item);
      else if (item.kind === 'status') await onStatus(deps, statuses, tenant, item);
      else deps.log.error({ tenant: tenant.slug, errors: item.errors }, 'whatsapp account error');
    });
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
  if (accepted.fresh) deps.effects.kickFor(tenant, accepted.threadKey);
}

/**
 * The status of a message we sent but never heard accepted (the send timed out or got a 5xx
 * after Meta took it, or its process died before recording the accept): its callback data names
 * the effect, so the delivery is recorded under it now, and the effect's retry (held back for
 * this, see WhatsAppSender) is made due, finds it and sends nothing.
 */
async function adoptStatus(
  deps: WhatsAppWebhookDeps,
  statuses: StatusWriter,
  tenant: Tenant,
  s: WhatsAppStatusUpdate,
  status: Exclude<DeliveryStatus, 'accepted'>,
) {
  const ours = parseSendCallbackData(s.callbackData);
  if (!ours) return undefined;
  const threadKey = await outboxThreadKey(deps.db, tenant.schema, ours.outboxId);
  if (threadKey === undefined) return undefined;
  await recordAccepted(deps.db, tenant.schema, {
    providerMessageId: s.messageId,
    channel: 'whatsapp',
    outboxId: ours.outboxId,
    threadKey,
    kind: ours.kind,
  });
  // Its retry, held back waiting for this, need wait no longer.
  if (await effectDueNow(deps.db, tenant.schema, ours.outboxId))
    deps.effects.kickFor(tenant, threadKey);
  deps.log.info(
    { tenant: tenant.slug, outboxId: ours.outboxId, status },
    'whatsapp send with an unknown outcome confirmed by its status',
  );
  return statuses.record(tenant.schema, s.messageId, status, s.errors);
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
  const d =
    (await statuses.record(tenant.schema, s.messageId, status, s.errors)) ??
    (await adoptStatus(deps, statuses, tenant, s, status));
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
