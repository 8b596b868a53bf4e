/** The STK password and timestamp, and the phone / text rules of M-Pesa Express requests. */

/** `YYYYMMDDHHmmss` in East Africa Time (UTC+3, no daylight saving), as Daraja expects. */
export function darajaTimestamp(epochMs: number): string {
  const eat = new Date(epochMs + 3 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    p(eat.getUTCFullYear(), 4) +
    p(eat.getUTCMonth() + 1) +
    p(eat.getUTCDate()) +
    p(eat.getUTCHours()) +
    p(eat.getUTCMinutes()) +
    p(eat.getUTCSeconds())
  );
}

/** `base64(shortcode + passkey + timestamp)`. */
export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`, 'utf8').toString('base64');
}

/**
 * A Kenyan mobile number as Daraja takes it (`2547XXXXXXXX` / `2541XXXXXXXX`), from E.164 or a
 * local form; undefined when it is not one.
 */
export function darajaPhone(phone: string): string | undefined {
  const digits = phone.replace(/[\s()+-]/g, '');
  const local = /^0([17]\d{8})$/.exec(digits);
  const msisdn = local ? `254${local[1]}` : digits;
  return /^254[17]\d{8}$/.test(msisdn) ? msisdn : undefined;
}

/** Daraja limits: AccountReference at most 12 characters, TransactionDesc at most 13. */
export const ACCOUNT_REFERENCE_MAX = 12;
export const TRANSACTION_DESC_MAX = 13;

/** Letters, digits and spaces only, cut to `max` (never empty). */
export function darajaText(text: string, max: number, fallback: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
  return cleaned || fallback.slice(0, max);
}

/** Whole shillings from minor units: Daraja takes integers only; a fraction rounds up. */
export function wholeShillings(amountMinor: number): number {
  return Math.ceil(amountMinor / 100);
}
