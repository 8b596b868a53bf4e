/**
 * WhatsApp webhook body (raw bytes) -> normalized items. One POST may batch many messages,
 * statuses and account errors across entries and changes; each becomes one item, in order.
 */
import { describePayloadIssues, payloadIssues, type PayloadIssue } from './issues';
import { assertNever } from '../../contract';
import {
  MESSAGE_TYPES,
  whatsAppWebhookSchema,
  type KnownWireMessage,
  type MessagesChange,
  type GraphErrorObject,
  type WhatsAppWireMessage,
  type WhatsAppWireStatus,
} from './schema';
import type { RawBody } from './signature';

export interface WhatsAppError {
  code: number;
  title: string;
  message?: string;
  details?: string;
}

export type WhatsAppContent =
  | { type: 'text'; text: string }
  /** A tapped reply button, list row, or template quick-reply button. */
  | {
      type: 'reply';
      source: 'button' | 'list' | 'template_button';
      id: string;
      title: string;
      description?: string;
    }
  | { type: 'audio'; mediaId: string; mimeType: string; voice: boolean; sha256?: string }
  | { type: 'image'; mediaId: string; mimeType: string; caption?: string; sha256?: string }
  | {
      type: 'location';
      latitude: number;
      longitude: number;
      name?: string;
      address?: string;
      url?: string;
    }
  /** Anything else (video, sticker, reaction, Flows reply, Meta's own "unsupported"...). */
  | { type: 'unsupported'; originalType: string; errors: WhatsAppError[] };

export interface WhatsAppInboundMessage {
  kind: 'message';
  /** The business number that received it: routes to the tenant. */
  phoneNumberId: string;
  /** Customer phone, E.164 with "+". */
  from: string;
  /** wamid: the deduplication key. */
  messageId: string;
  /** Epoch milliseconds. */
  timestamp: number;
  contactName?: string;
  /** wamid of the business message this one answers (button taps, quoted replies). */
  replyToMessageId?: string;
  content: WhatsAppContent;
}

export interface WhatsAppStatusUpdate {
  kind: 'status';
  phoneNumberId: string;
  /** wamid returned when the message was sent. */
  messageId: string;
  status: WhatsAppWireStatus['status'];
  /** E.164 with "+". */
  recipient: string;
  timestamp: number;
  errors: WhatsAppError[];
  /** `biz_opaque_callback_data` echoed from the send, when one was set. */
  callbackData?: string;
}

/** Account-level errors (`value.errors[]`), not tied to one message, e.g. 130429. */
export interface WhatsAppAccountError {
  kind: 'error';
  phoneNumberId: string;
  errors: WhatsAppError[];
}

export type WhatsAppInboundItem =
  WhatsAppInboundMessage | WhatsAppStatusUpdate | WhatsAppAccountError;

export type ParseFailure = {
  reason: 'invalid_json' | 'invalid_payload';
  message: string;
  issues: PayloadIssue[];
};

export type ParseResult<T> = { ok: true; items: T[] } | { ok: false; error: ParseFailure };

/** Parses a webhook body. Never throws: bad JSON or an unexpected shape is an error value. */
export function parseWhatsAppWebhook(rawBody: RawBody): ParseResult<WhatsAppInboundItem> {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  const parsed = whatsAppWebhookSchema.safeParse(json.value);
  if (!parsed.success) return invalidPayload(payloadIssues(parsed.error));
  const items: WhatsAppInboundItem[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (!isMessagesChange(change)) continue;
      const value = change.value;
      const phoneNumberId = value.metadata.phone_number_id;
      const names = new Map<string, string>();
      for (const c of value.contacts ?? []) {
        if (c.profile?.name !== undefined) names.set(c.wa_id, c.profile.name);
      }
      for (const message of value.messages ?? []) {
        const name = names.get(message.from) ?? onlyName(names);
        items.push(toMessage(phoneNumberId, message, name));
      }
      for (const status of value.statuses ?? []) items.push(toStatus(phoneNumberId, status));
      if (value.errors !== undefined && value.errors.length > 0) {
        items.push({ kind: 'error', phoneNumberId, errors: value.errors.map(toError) });
      }
    }
  }
  return { ok: true, items };
}

export function parseJson(
  rawBody: RawBody,
): { ok: true; value: unknown } | { ok: false; error: ParseFailure } {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { reason: 'invalid_json', message: `body is not JSON: ${detail}`, issues: [] },
    };
  }
}

export function invalidPayload(issues: PayloadIssue[]): { ok: false; error: ParseFailure } {
  const message = `unexpected webhook payload: ${describePayloadIssues(issues)}`;
  return { ok: false, error: { reason: 'invalid_payload', message, issues } };
}

function isMessagesChange(change: { field: string; value: unknown }): change is MessagesChange {
  return change.field === 'messages';
}

/** With a single contact in the change, it is the sender even if wa_id was rewritten. */
function onlyName(names: Map<string, string>): string | undefined {
  return names.size === 1 ? [...names.values()][0] : undefined;
}

function toMessage(
  phoneNumberId: string,
  message: WhatsAppWireMessage,
  contactName: string | undefined,
): WhatsAppInboundMessage {
  const item: WhatsAppInboundMessage = {
    kind: 'message',
    phoneNumberId,
    from: toE164(message.from),
    messageId: message.id,
    timestamp: toMs(message.timestamp),
    content: toContent(message),
  };
  if (contactName !== undefined) item.contactName = contactName;
  if (message.context?.id !== undefined) item.replyToMessageId = message.context.id;
  return item;
}

function isKnown(message: WhatsAppWireMessage): message is KnownWireMessage {
  return (MESSAGE_TYPES as readonly string[]).includes(message.type);
}

function toContent(message: WhatsAppWireMessage): WhatsAppContent {
  if (!isKnown(message)) return unsupported(message.type, message.errors);
  switch (message.type) {
    case 'text':
      return { type: 'text', text: message.text.body };
    case 'interactive': {
      const i = message.interactive;
      if (i.type === 'button_reply' && 'button_reply' in i) {
        return { type: 'reply', source: 'button', ...i.button_reply };
      }
      if (i.type === 'list_reply' && 'list_reply' in i) {
        return { type: 'reply', source: 'list', ...i.list_reply };
      }
      return unsupported(`interactive.${i.type}`, message.errors);
    }
    case 'button': {
      const { payload, text } = message.button;
      return { type: 'reply', source: 'template_button', id: payload ?? text, title: text };
    }
    case 'audio': {
      const { id, mime_type, voice, sha256 } = message.audio;
      const audio = { type: 'audio' as const, mediaId: id, mimeType: mime_type, voice: !!voice };
      return sha256 === undefined ? audio : { ...audio, sha256 };
    }
    case 'image': {
      const { id, mime_type, caption, sha256 } = message.image;
      return {
        type: 'image',
        mediaId: id,
        mimeType: mime_type,
        ...(caption === undefined ? {} : { caption }),
        ...(sha256 === undefined ? {} : { sha256 }),
      };
    }
    case 'location':
      return { type: 'location', ...message.location };
    default:
      return assertNever(message, 'whatsapp message type');
  }
}

function unsupported(originalType: string, errors: GraphErrorObject[] | undefined) {
  return { type: 'unsupported' as const, originalType, errors: (errors ?? []).map(toError) };
}

function toStatus(phoneNumberId: string, status: WhatsAppWireStatus): WhatsAppStatusUpdate {
  const item: WhatsAppStatusUpdate = {
    kind: 'status',
    phoneNumberId,
    messageId: status.id,
    status: status.status,
    recipient: toE164(status.recipient_id),
    timestamp: toMs(status.timestamp),
    errors: (status.errors ?? []).map(toError),
  };
  if (status.biz_opaque_callback_data !== undefined) {
    item.callbackData = status.biz_opaque_callback_data;
  }
  return item;
}

function toError(error: GraphErrorObject): WhatsAppError {
  const out: WhatsAppError = { code: error.code, title: error.title ?? error.message ?? '' };
  if (error.message !== undefined) out.message = error.message;
  if (error.error_data?.details !== undefined) out.details = error.error_data.details;
  return out;
}

/** wa_id "254712000001" -> "+254712000001". */
export function toE164(waId: string): string {
  const digits = waId.replace(/[^\d]/g, '');
  return `+${digits}`;
}

function toMs(seconds: string | number): number {
  return Number(seconds) * 1000;
}
