/**
 * Messenger / Instagram webhook body (raw bytes) -> normalized customer messages. Sender ids
 * (PSID, IGSID) are kept as they are: they are page-scoped identities, not phone numbers.
 * Echoes of the Page's own messages, deliveries, reads and reactions produce no item.
 */
import { invalidPayload, parseJson, type ParseResult } from '../whatsapp/inbound';
import { payloadIssues } from '../whatsapp/issues';
import type { RawBody } from '../whatsapp/signature';
import { META_OBJECTS, metaWebhookSchema, type MessagingEvent } from './schema';

export type MetaChannel = 'messenger' | 'instagram';

export type MetaContent =
  | { type: 'text'; text: string }
  /** A tapped quick reply or postback button: `id` is the payload we set when sending. */
  | { type: 'reply'; source: 'quick_reply' | 'postback'; id: string; title: string }
  /** Images, audio, files, shared posts...: types and URLs, to fetch or to acknowledge. */
  | { type: 'attachments'; attachments: { type: string; url?: string }[]; text?: string }
  | { type: 'unsupported'; originalType: string };

export interface MetaInboundMessage {
  kind: 'message';
  channel: MetaChannel;
  /** Page id (Messenger) or Instagram account id that received it: routes to the tenant. */
  accountId: string;
  /** PSID or IGSID, as-is. */
  senderId: string;
  /** `mid`: the deduplication key. */
  messageId: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** `mid` of the message this one replies to (Instagram replies). */
  replyToMessageId?: string;
  content: MetaContent;
}

/** Parses a webhook body for `channel`; the other channel's payload is an error value. */
export function parseMetaWebhook(
  channel: MetaChannel,
  rawBody: RawBody,
): ParseResult<MetaInboundMessage> {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  const parsed = metaWebhookSchema.safeParse(json.value);
  if (!parsed.success) return invalidPayload(payloadIssues(parsed.error));
  if (parsed.data.object !== META_OBJECTS[channel]) {
    const message = `expected object "${META_OBJECTS[channel]}", got "${parsed.data.object}"`;
    return invalidPayload([{ path: 'object', message }]);
  }
  const items: MetaInboundMessage[] = [];
  for (const entry of parsed.data.entry) {
    for (const event of entry.messaging ?? []) {
      const item = toItem(channel, entry.id, event);
      if (item !== undefined) items.push(item);
    }
  }
  return { ok: true, items };
}

function toItem(
  channel: MetaChannel,
  accountId: string,
  event: MessagingEvent,
): MetaInboundMessage | undefined {
  const base = { kind: 'message' as const, channel, accountId, senderId: event.sender.id };
  const { message, postback } = event;
  if (message !== undefined) {
    if (message.is_echo === true || message.is_deleted === true) return undefined;
    const item: MetaInboundMessage = {
      ...base,
      messageId: message.mid,
      timestamp: event.timestamp,
      content: messageContent(message),
    };
    if (message.reply_to?.mid !== undefined) item.replyToMessageId = message.reply_to.mid;
    return item;
  }
  if (postback !== undefined) {
    const payload = postback.payload ?? '';
    return {
      ...base,
      // Older Messenger postbacks carry no mid; sender + time is what identifies the tap.
      messageId: postback.mid ?? `postback:${event.sender.id}:${event.timestamp}`,
      timestamp: event.timestamp,
      content: { type: 'reply', source: 'postback', id: payload, title: postback.title ?? payload },
    };
  }
  return undefined;
}

function messageContent(message: NonNullable<MessagingEvent['message']>): MetaContent {
  if (message.quick_reply !== undefined) {
    const { payload } = message.quick_reply;
    return { type: 'reply', source: 'quick_reply', id: payload, title: message.text ?? payload };
  }
  const attachments = message.attachments ?? [];
  if (attachments.length > 0) {
    const list = attachments.map((a) =>
      a.payload?.url === undefined ? { type: a.type } : { type: a.type, url: a.payload.url },
    );
    return message.text === undefined
      ? { type: 'attachments', attachments: list }
      : { type: 'attachments', attachments: list, text: message.text };
  }
  if (message.text !== undefined) return { type: 'text', text: message.text };
  return { type: 'unsupported', originalType: message.is_unsupported ? 'unsupported' : 'empty' };
}
