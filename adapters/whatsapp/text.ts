/**
 * Text helpers shared by the chat renderers (WhatsApp, Messenger, Instagram): make any string
 * safe to send, fit it into a provider limit without splitting a character, and degrade choices
 * into a numbered text message.
 */

/** How a provider counts a limit: UTF-16 code units (never fewer than what Meta counts) or bytes. */
export type Measure = (text: string) => number;

export const utf16Length: Measure = (text) => text.length;
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

export const ELLIPSIS = '\u2026';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0/C1 controls except tab and newline, plus noncharacters that some clients refuse to show.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Well-formed UTF-16 with no control characters; CRLF becomes LF. */
export function sanitize(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
}

/** One line of text, for titles and labels: all whitespace runs become one space. */
export function singleLine(text: string): string {
  return sanitize(text).replace(/\s+/gu, ' ').trim();
}

/** Multi-line text for bodies: trailing spaces and runs of blank lines are squeezed. */
export function multiLine(text: string): string {
  return sanitize(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Fits `text` into `limit` (as counted by `measure`), ending with an ellipsis when it had to cut.
 * Cuts between grapheme clusters (an emoji with modifiers stays whole); when a single cluster is
 * longer than the limit it cuts between code points, so a surrogate pair is never split.
 */
export function truncate(text: string, limit: number, measure: Measure = utf16Length): string {
  if (measure(text) <= limit) return text;
  const budget = limit - measure(ELLIPSIS);
  if (budget < 0) return '';
  // Whatever fits the budget is at most `budget` code units long (a unit is at least a byte), so
  // only that window needs segmenting; its last cluster may be cut short by the window.
  const window = text.slice(0, budget + 1);
  const segments = [...graphemes.segment(window)].map((s) => s.segment);
  segments.pop();
  let kept = '';
  let used = 0;
  for (const segment of segments) {
    const size = measure(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  if (kept === '') kept = fitCodePoints(window, budget, measure);
  return kept.trimEnd() + ELLIPSIS;
}

function fitCodePoints(text: string, budget: number, measure: Measure): string {
  let kept = '';
  let used = 0;
  for (const codePoint of text) {
    used += measure(codePoint);
    if (used > budget) break;
    kept += codePoint;
  }
  return kept;
}

export type HintLanguage = 'en' | 'sw';

export interface NumberedOption {
  title: string;
  description?: string | undefined;
  /** Heading printed before this option (a list section title). */
  section?: string | undefined;
}

const OPTION_LINE_MAX = 200;

/** "Reply 1, 2 or 3" in the customer's language. */
export function replyHint(count: number, language: HintLanguage): string {
  const or = language === 'sw' ? 'au' : 'or';
  const verb = language === 'sw' ? 'Jibu' : 'Reply';
  if (count <= 1) return `${verb} 1`;
  if (count <= 4) {
    const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
    return `${verb} ${numbers.slice(0, -1).join(', ')} ${or} ${count}`;
  }
  return language === 'sw' ? `Jibu kwa namba (1-${count})` : `Reply with a number (1-${count})`;
}

/** The option lines of a numbered text message: "1. Title - description". */
export function numberedLines(options: readonly NumberedOption[]): string {
  const lines: string[] = [];
  let lastSection: string | undefined;
  options.forEach((option, index) => {
    const section = option.section === undefined ? '' : singleLine(option.section);
    if (section !== '' && section !== lastSection) {
      if (lines.length > 0) lines.push('');
      lines.push(truncate(section, OPTION_LINE_MAX));
    }
    lastSection = section;
    const title = singleLine(option.title) || '-';
    const description = option.description === undefined ? '' : singleLine(option.description);
    const line = `${index + 1}. ${title}${description === '' ? '' : ` - ${description}`}`;
    lines.push(truncate(line, OPTION_LINE_MAX));
  });
  return lines.join('\n');
}

/**
 * A whole message as text: the body, the numbered options and (optionally) the reply hint,
 * within `limit`. The body is shortened first so the options stay readable.
 */
export function numberedText(
  body: string,
  options: readonly NumberedOption[],
  limit: number,
  hint: string | undefined,
  measure: Measure = utf16Length,
): string {
  const text = multiLine(body);
  const suffix = [numberedLines(options), hint].filter((s) => s !== undefined && s !== '');
  const tail = suffix.join('\n\n');
  if (text === '') return truncate(tail || ELLIPSIS, limit, measure);
  const separator = tail === '' ? '' : '\n\n';
  const whole = `${text}${separator}${tail}`;
  if (measure(whole) <= limit) return whole;
  const bodyBudget = limit - measure(separator + tail);
  if (bodyBudget >= Math.min(limit / 4, 200)) {
    return `${truncate(text, bodyBudget, measure)}${separator}${tail}`;
  }
  return truncate(whole, limit, measure);
}

/** True when no two strings are equal (Meta rejects duplicate button titles and row ids). */
export function allDistinct(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}
