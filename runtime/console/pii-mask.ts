import { maskPhone } from '../mailbox/phone';

/**
 * What the console shows before an operator reveals it: free text (message text, names,
 * notes) is replaced by a length hint and phone numbers anywhere become `+2547•••••678`.
 * Structure, event types, ids, states and amounts stay readable.
 */
const TEXT_KEYS = new Set([
  'text',
  'lasttext',
  'name',
  'displayname',
  'customername',
  'note',
  'notes',
  'body',
  'caption',
  'transcript',
  'question',
  'answer',
  'email',
  'raw',
  'summary',
]);
const PHONE_KEYS = new Set(['phone', 'from', 'to', 'msisdn', 'wa_id', 'waid', 'caller']);

/** Phone-like runs: +2547..., 2547..., 07... (9 to 15 digits, spaces or dashes allowed). */
const PHONE_RUN = /\+?\d[\d\s-]{6,18}\d/g;

export function maskText(text: string): string {
  return text.length === 0 ? '' : `••• (${text.length} chars hidden)`;
}

export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_RUN, (m) => {
    const digits = m.replace(/[\s-]/g, '');
    const plain = digits.replace(/^\+/, '');
    const date = /^\d{4}-\d{2}-\d{2}$/.test(m.trim());
    return !date && plain.length >= 9 && plain.length <= 15 ? maskPhone(digits) : m;
  });
}

/** A deep copy of `value` with PII masked. Never mutates its input. */
export function maskPii(value: unknown, key = ''): unknown {
  const k = key.toLowerCase();
  if (typeof value === 'string') {
    if (TEXT_KEYS.has(k)) return maskText(value);
    if (PHONE_KEYS.has(k)) return maskPhone(value);
    return maskPhonesIn(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskPii(v, key));
  if (value && typeof value === 'object') {
    // The parser's reading of a message repeats its words (names, dates, free text).
    if (k === 'understanding') return '••• (hidden)';
    const out: Record<string, unknown> = {};
    for (const [ck, cv] of Object.entries(value as Record<string, unknown>))
      out[ck] = maskPii(cv, ck);
    return out;
  }
  return value;
}
