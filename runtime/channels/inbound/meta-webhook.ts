import { type InboundMessageEvent, publicError, safeText } from '../../../contract';
import type { MetaAdapter, MetaInboundMessage } from '../../../adapters/meta';
import { threadKeyFor } from '../../supervisor/thread-key';
import type { Tenant } from '../../tenancy/tenant-registry';
import { customerByIdentity, customerOfWords } from './identities';
import type { MarkSeenPayload } from '../outbound/meta-sender';
import type { MetaVoiceNote } from './voice-notes';
import { boundItems, inKeyOrder } from './webhook-items';
import type { WebhookDeps, WebhookProcessor } from './webhook-processor';
import { EVENT_PREFIX, metaEventId } from './event-ids';

export type MetaWebhookDeps = WebhookDeps & { adapter: MetaAdapter };

/** The URL of a voice note: an `audio` attachment (Messenger and Instagram send no `voice` flag). */
function audioUrl(m: MetaInboundMessage): string | undefined {
  if (m.content.type !== 'attachments') return undefined;
  return m.content.attachments.find((a) => a.type === 'audio' && a.url !== undefined)?.url;
}

function toEvent(m: MetaInboundMessage): InboundMessageEvent {
  const base = { type: 'message' as const, at: m.timestamp, channel: m.channel };
  const c = m.content;
  switch (c.type) {
    case 'text':
      return { ...base, text: safeText(c.text, 4096) };
    case 'reply':
      return { ...base, text: safeText(c.title, 4096), replyId: safeText(c.id, 256) };
    case 'attachments':
      return {
        ...base,
        text: safeText(c.text ?? '', 4096),
        media: safeText(c.attachments[0]?.type ?? 'file', 32),
      };
    case 'unsupported':
      return { ...base, text: '', media: safeText(c.originalType, 32) };
  }
}

/**
 * The body of `POST /webhooks/instagram` and `/webhooks/messenger`: the WhatsApp webhook's shape
 * (signed, durable before it resolves, unknown accounts acknowledged). The sender is the identity
 * `<accountId>:<senderId>` until it writes a phone number (see identities.ts). An audio
 * attachment becomes a `voice.transcribe` effect (durable before the 200, like WhatsApp's voice
 * notes); every fresh message is marked seen (`meta.mark_seen`, written with its inbox row).
 */
export function metaWebhook(deps: MetaWebhookDeps): WebhookProcessor {
  const channel = deps.adapter.options.channel;
  return async (raw, signature) => {
    const sig = deps.adapter.verifySignature(raw, signature);
    if (sig !== 'ok') {
      deps.metrics.inboxEvents.inc({ result: 'rejected' });
      deps.log.warn({ channel, reason: sig }, 'meta webhook refused: bad signature');
      throw publicError('unauthorized', `signature ${sig}`);
    }
    const parsed = deps.adapter.parse(raw);
    if (!parsed.ok) {
      deps.metrics.inboxEvents.inc({ result: 'rejected' });
      deps.log.warn({ channel, reason: parsed.error.reason }, 'meta webhook not understood');
      throw publicError('bad_request', parsed.error.message);
    }
    boundItems(parsed.items.length);
    // In order per sender, the senders concurrently (see webhook-items.ts).
    const key = (m: MetaInboundMessage) => `${m.accountId}:${m.senderId}`;
    await inKeyOrder(parsed.items, key, async (item) => {
      const slug = await deps.tenants.resolve(channel, item.accountId);
      const tenant = slug ? await deps.tenants.get(slug) : undefined;
      if (!tenant) {
        deps.log.warn(
          { channel, accountId: item.accountId },
          'meta event for an unknown account; acknowledged and dropped',
        );
        return;
      }
      await accept(deps, tenant, item);
    });
  };
}

async function accept(deps: MetaWebhookDeps, tenant: Tenant, m: MetaInboundMessage) {
  const externalId = `${m.accountId}:${m.senderId}`;
  const url = audioUrl(m);
  if (url !== undefined) {
    // Transcribed by the outbox; the words reach the thread as the message `ig:<mid>` / `fb:<mid>`
    // (and a phone number spoken in them merges the identity then, see voice-notes.ts).
    const customerId = await customerByIdentity(deps.db, tenant.schema, m.channel, externalId);
    const threadKey = threadKeyFor('customer', customerId);
    const payload: MetaVoiceNote = {
      channel: m.channel,
      accountId: m.accountId,
      senderId: m.senderId,
      messageId: m.messageId,
      url,
      at: m.timestamp,
    };
    // Its seen receipt and its transcription, written together (the receipt leaves first).
    await deps.effects.enqueue(tenant, threadKey, [
      seenReceipt(m),
      {
        kind: 'voice.transcribe',
        payload: { ...payload },
        idempotencyKey: `voice:${metaEventId(m.channel, m.messageId)}`,
      },
    ]);
    return;
  }
  const event = toEvent(m);
  const customerId = await customerOfWords(
    deps.db,
    tenant.schema,
    m.channel,
    externalId,
    m.content.type === 'text' ? m.content.text : '',
    deps.log,
  );
  // Marked seen: the receipt is written with the inbox row (only when the message is new).
  const accepted = await deps.ingress.accept({
    tenant: tenant.slug,
    eventId: metaEventId(m.channel, m.messageId),
    threadKey: threadKeyFor('customer', customerId),
    kind: 'customer',
    customerId,
    source: m.channel,
    channel: m.channel,
    event: { ...event },
    effects: [seenReceipt(m)],
  });
  if (accepted.fresh) deps.effects.kickFor(tenant, accepted.threadKey);
}

/** `meta.mark_seen` for a message: `sender_action: mark_seen` to its sender. */
function seenReceipt(m: MetaInboundMessage) {
  const payload: MarkSeenPayload = {
    channel: m.channel,
    accountId: m.accountId,
    senderId: m.senderId,
  };
  return {
    kind: 'meta.mark_seen',
    payload: { ...payload },
    idempotencyKey: `${EVENT_PREFIX[m.channel]}-seen:${m.messageId}`,
  };
}
