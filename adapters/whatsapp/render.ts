/**
 * OutboundMessage -> Cloud API request body, within every documented limit. What cannot fit is
 * shortened (titles, header, footer) or degrades, in this order: reply buttons -> list ->
 * numbered text ("Reply 1, 2 or 3"). Ids are never shortened: a shortened id would not match
 * when the customer taps it, so an over-long id degrades to numbered text instead.
 */
import { assertNever, type OutboundMessage } from '../../contract';
import {
  envelope,
  type InteractiveFrame,
  type WhatsAppButtonsBody,
  type WhatsAppListBody,
  type WhatsAppListRow,
  type WhatsAppSendBody,
  type WhatsAppTextBody,
} from './send-body';
import {
  ELLIPSIS,
  allDistinct,
  multiLine,
  numberedText,
  replyHint,
  singleLine,
  truncate,
  type HintLanguage,
  type NumberedOption,
} from './text';

/** Cloud API limits (fixtures README, "WhatsApp sending limits"), in UTF-16 code units. */
export const WHATSAPP_LIMITS = {
  textBody: 4096,
  buttonsMax: 3,
  buttonTitle: 20,
  buttonId: 256,
  buttonsBody: 1024,
  header: 60,
  footer: 60,
  listBody: 4096,
  listButton: 20,
  listSectionsMax: 10,
  listRowsMax: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
} as const;

export interface WhatsAppRenderOptions {
  /** Language of the "Reply 1, 2 or 3" hint and the default list button. Default 'en'. */
  language?: HintLanguage;
  /** Text header of interactive messages (shortened to 60). */
  header?: string;
  /** Footer of interactive messages (shortened to 60). */
  footer?: string;
  /** Let WhatsApp render a link preview of the first URL in a text message. */
  previewUrl?: boolean;
}

type Row = { id: string; title: string; description?: string; section?: string };

const L = WHATSAPP_LIMITS;

export function renderWhatsAppMessage(
  to: string,
  message: OutboundMessage,
  options: WhatsAppRenderOptions = {},
): WhatsAppSendBody {
  switch (message.kind) {
    case 'text':
      return textMessage(to, message.text, options);
    case 'buttons': {
      const rows = message.buttons.map((b) => ({ id: b.id, title: b.title }));
      if (rows.length === 0) return textMessage(to, message.text, options);
      return (
        buttonsMessage(to, message.text, rows, options) ??
        listMessage(to, message.text, chooseLabel(options), rows, options) ??
        numberedMessage(to, message.text, rows, options)
      );
    }
    case 'list': {
      const rows = message.sections.flatMap((s) => s.rows.map((r) => ({ ...r, section: s.title })));
      if (rows.length === 0) return textMessage(to, message.text, options);
      return (
        listMessage(to, message.text, message.button, rows, options) ??
        numberedMessage(to, message.text, rows, options)
      );
    }
    default:
      return assertNever(message, 'outbound message kind');
  }
}

function textMessage(to: string, text: string, options: WhatsAppRenderOptions): WhatsAppTextBody {
  // An empty body is refused by the API; an ellipsis at least shows something arrived.
  const body = truncate(multiLine(text), L.textBody) || ELLIPSIS;
  return {
    ...envelope(to),
    type: 'text',
    text: { preview_url: options.previewUrl ?? false, body },
  };
}

function buttonsMessage(
  to: string,
  text: string,
  rows: readonly Row[],
  options: WhatsAppRenderOptions,
): WhatsAppButtonsBody | undefined {
  const body = multiLine(text);
  if (rows.length > L.buttonsMax || body === '' || body.length > L.buttonsBody) return undefined;
  const buttons = rows.map((r) => ({
    id: r.id,
    title: truncate(singleLine(r.title), L.buttonTitle),
  }));
  const ids = buttons.map((b) => b.id);
  const titles = buttons.map((b) => b.title);
  if (!ids.every((id) => validId(id, L.buttonId)) || titles.some((t) => t === '')) return undefined;
  if (!allDistinct(ids) || !allDistinct(titles)) return undefined;
  const action = { buttons: buttons.map((reply) => ({ type: 'reply' as const, reply })) };
  return interactive(to, 'button', body, options, action);
}

function listMessage(
  to: string,
  text: string,
  button: string,
  rows: readonly Row[],
  options: WhatsAppRenderOptions,
): WhatsAppListBody | undefined {
  const body = truncate(multiLine(text), L.listBody);
  if (rows.length > L.listRowsMax || body === '') return undefined;
  const listRows = rows.map(listRow);
  const ids = listRows.map((r) => r.id);
  if (!ids.every((id) => validId(id, L.rowId)) || !allDistinct(ids)) return undefined;
  // Same-looking rows would leave the customer guessing; numbered text tells them apart.
  const titles = listRows.map((r) => r.title);
  if (titles.some((t) => t === '') || !allDistinct(titles)) return undefined;
  const label = truncate(singleLine(button), L.listButton) || chooseLabel(options);
  return interactive(to, 'list', body, options, {
    button: label,
    sections: sections(rows, listRows),
  });
}

/** An interactive message: its kind, the body in the header/footer frame, and its action. */
function interactive<K extends 'button' | 'list', A>(
  to: string,
  type: K,
  body: string,
  options: WhatsAppRenderOptions,
  action: A,
) {
  return {
    ...envelope(to),
    type: 'interactive' as const,
    interactive: { type, ...frame(body, options), action },
  };
}

function listRow(row: Row): WhatsAppListRow {
  const out: WhatsAppListRow = { id: row.id, title: truncate(singleLine(row.title), L.rowTitle) };
  const description = truncate(singleLine(row.description ?? ''), L.rowDescription);
  if (description !== '') out.description = description;
  return out;
}

/**
 * Groups consecutive rows by section title. With more than one section every section needs a
 * title; when one is missing (or there would be too many) the rows go into one untitled section.
 */
function sections(rows: readonly Row[], listRows: readonly WhatsAppListRow[]) {
  const groups: { title?: string; rows: WhatsAppListRow[] }[] = [];
  let current: string | undefined;
  rows.forEach((row, i) => {
    const title = truncate(singleLine(row.section ?? ''), L.sectionTitle);
    const listRowAt = listRows[i];
    if (listRowAt === undefined) return;
    const last = groups.at(-1);
    if (last !== undefined && title === current) last.rows.push(listRowAt);
    else groups.push({ ...(title === '' ? {} : { title }), rows: [listRowAt] });
    current = title;
  });
  if (groups.length === 1 || groups.length > L.listSectionsMax || groups.some((g) => !g.title)) {
    const only = groups.length === 1 ? groups[0]?.title : undefined;
    return [{ ...(only === undefined ? {} : { title: only }), rows: [...listRows] }];
  }
  return groups;
}

function numberedMessage(
  to: string,
  text: string,
  rows: readonly Row[],
  options: WhatsAppRenderOptions,
): WhatsAppTextBody {
  const language = options.language ?? 'en';
  const numbered: NumberedOption[] = rows.map((r) => ({
    title: r.title,
    description: r.description,
    section: r.section,
  }));
  const body = numberedText(text, numbered, L.textBody, replyHint(rows.length, language));
  return textMessage(to, body, options);
}

function frame(body: string, options: WhatsAppRenderOptions): InteractiveFrame {
  const out: InteractiveFrame = { body: { text: body } };
  const header = truncate(singleLine(options.header ?? ''), L.header);
  const footer = truncate(singleLine(options.footer ?? ''), L.footer);
  if (header !== '') out.header = { type: 'text', text: header };
  if (footer !== '') out.footer = { text: footer };
  return out;
}

function validId(id: string, max: number): boolean {
  return id.trim() !== '' && id.length <= max && singleLine(id) === id;
}

function chooseLabel(options: WhatsAppRenderOptions): string {
  return options.language === 'sw' ? 'Chagua' : 'Choose';
}
