/**
 * OutboundMessage -> Send API body for Messenger and Instagram, within their limits. Choices
 * become, in order of preference: a button template (Messenger, up to 3, buttons stay tappable),
 * quick replies (up to 13), or numbered text ("Reply 1, 2 or 3"). Payloads carry the choice ids
 * unchanged; an id that cannot be sent makes the message degrade instead of being cut.
 */
import { assertNever, type OutboundMessage, RatibaError } from '../../contract';
import {
  ELLIPSIS,
  allDistinct,
  multiLine,
  numberedText,
  replyHint,
  sanitize,
  singleLine,
  truncate,
  utf16Length,
  utf8Bytes,
  type HintLanguage,
  type Measure,
  type NumberedOption,
} from '../whatsapp/text';
import type { MetaChannel } from './inbound';

export const META_LIMITS = {
  /** Messenger: 2000 characters. */
  messengerText: 2000,
  /** Instagram: 1000 bytes of UTF-8. */
  instagramTextBytes: 1000,
  quickReplies: 13,
  quickReplyTitle: 20,
  payload: 1000,
  buttonTemplateText: 640,
  buttonTemplateButtons: 3,
  buttonTitle: 20,
} as const;

/** Message tags allow a message outside the 24-hour window; Instagram accepts HUMAN_AGENT only. */
export type MetaMessageTag =
  'CONFIRMED_EVENT_UPDATE' | 'ACCOUNT_UPDATE' | 'POST_PURCHASE_UPDATE' | 'HUMAN_AGENT';

export interface MetaQuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export interface MetaButtonTemplate {
  attachment: {
    type: 'template';
    payload: {
      template_type: 'button';
      text: string;
      buttons: { type: 'postback'; title: string; payload: string }[];
    };
  };
}

export type MetaMessagePayload =
  { text: string; quick_replies?: MetaQuickReply[] } | MetaButtonTemplate;

export interface MetaSendBody {
  recipient: { id: string };
  messaging_type: 'RESPONSE' | 'MESSAGE_TAG';
  tag?: MetaMessageTag;
  message: MetaMessagePayload;
}

export interface MetaSenderActionBody {
  recipient: { id: string };
  sender_action: 'mark_seen' | 'typing_on' | 'typing_off';
}

export interface MetaRenderOptions {
  /** Language of the "Reply 1, 2 or 3" hint. Default 'en'. */
  language?: HintLanguage;
  /** Send with a message tag (outside the 24-hour window). */
  tag?: MetaMessageTag;
}

type Row = { id: string; title: string; description?: string | undefined; section?: string };

const L = META_LIMITS;

export function renderMetaMessage(
  channel: MetaChannel,
  recipientId: string,
  message: OutboundMessage,
  options: MetaRenderOptions = {},
): MetaSendBody {
  return { ...frame(channel, recipientId, options), message: payload(channel, message, options) };
}

export function renderMetaSenderAction(
  recipientId: string,
  action: MetaSenderActionBody['sender_action'],
): MetaSenderActionBody {
  return { recipient: { id: recipientId }, sender_action: action };
}

function frame(channel: MetaChannel, recipientId: string, options: MetaRenderOptions) {
  const recipient = { id: recipientId };
  if (options.tag === undefined) return { recipient, messaging_type: 'RESPONSE' as const };
  if (channel === 'instagram' && options.tag !== 'HUMAN_AGENT') {
    throw new RatibaError('bad_request', `Instagram accepts only the HUMAN_AGENT tag`);
  }
  return { recipient, messaging_type: 'MESSAGE_TAG' as const, tag: options.tag };
}

function payload(
  channel: MetaChannel,
  message: OutboundMessage,
  options: MetaRenderOptions,
): MetaMessagePayload {
  switch (message.kind) {
    case 'text':
      return { text: fitText(channel, message.text) };
    case 'buttons':
      return choices(channel, message.text, message.buttons, options);
    case 'list':
      return choices(
        channel,
        message.text,
        message.sections.flatMap((s) => s.rows.map((r) => ({ ...r, section: s.title }))),
        options,
      );
    default:
      return assertNever(message, 'outbound message kind');
  }
}

function choices(
  channel: MetaChannel,
  text: string,
  rows: readonly Row[],
  options: MetaRenderOptions,
): MetaMessagePayload {
  if (rows.length === 0) return { text: fitText(channel, text) };
  const template = channel === 'messenger' ? buttonTemplate(text, rows) : undefined;
  if (template !== undefined) return template;
  const quick = quickReplies(channel, text, rows);
  if (quick !== undefined) return quick;
  const hint = replyHint(rows.length, options.language ?? 'en');
  return { text: numberedText(text, numbered(rows), textLimit(channel), hint, measureOf(channel)) };
}

function buttonTemplate(text: string, rows: readonly Row[]): MetaButtonTemplate | undefined {
  const body = multiLine(text);
  if (rows.length > L.buttonTemplateButtons || body === '' || body.length > L.buttonTemplateText) {
    return undefined;
  }
  if (rows.some((r) => singleLine(r.description ?? '') !== '')) return undefined;
  const buttons = titled(rows, L.buttonTitle);
  if (buttons === undefined) return undefined;
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'button',
        text: body,
        buttons: buttons.map(({ title, payload }) => ({ type: 'postback', title, payload })),
      },
    },
  };
}

function quickReplies(
  channel: MetaChannel,
  text: string,
  rows: readonly Row[],
): { text: string; quick_replies: MetaQuickReply[] } | undefined {
  if (rows.length > L.quickReplies) return undefined;
  const replies = titled(rows, L.quickReplyTitle);
  if (replies === undefined) return undefined;
  // Descriptions and sections have no place on a quick reply: list them in the text.
  const sections = new Set(rows.map((r) => singleLine(r.section ?? '')).filter((s) => s !== ''));
  const detailed = sections.size > 1 || rows.some((r) => singleLine(r.description ?? '') !== '');
  const limit = textLimit(channel);
  const measure = measureOf(channel);
  const body = detailed
    ? numberedText(text, numbered(rows), limit, undefined, measure)
    : truncate(multiLine(text), limit, measure);
  if (body === '') return undefined;
  return {
    text: body,
    quick_replies: replies.map(({ title, payload }) => ({ content_type: 'text', title, payload })),
  };
}

/** Titles shortened to `max`; undefined when a payload or title cannot be sent as-is. */
function titled(
  rows: readonly Row[],
  max: number,
): { title: string; payload: string }[] | undefined {
  const out = rows.map((r) => ({ title: truncate(singleLine(r.title), max), payload: r.id }));
  const ids = out.map((o) => o.payload);
  const titles = out.map((o) => o.title);
  const validId = (id: string) => id.trim() !== '' && id.length <= L.payload && sanitize(id) === id;
  if (!ids.every(validId) || titles.some((t) => t === '')) return undefined;
  return allDistinct(ids) && allDistinct(titles) ? out : undefined;
}

function numbered(rows: readonly Row[]): NumberedOption[] {
  return rows.map((r) => ({ title: r.title, description: r.description, section: r.section }));
}

function fitText(channel: MetaChannel, text: string): string {
  return truncate(multiLine(text), textLimit(channel), measureOf(channel)) || ELLIPSIS;
}

function textLimit(channel: MetaChannel): number {
  return channel === 'instagram' ? L.instagramTextBytes : L.messengerText;
}

function measureOf(channel: MetaChannel): Measure {
  return channel === 'instagram' ? utf8Bytes : utf16Length;
}
