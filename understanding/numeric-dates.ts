import type { DateSpec } from './date-spec';

/**
 * Dates written in digits, in the Kenyan (day-first) order: "15/12", "1/2" (1 February),
 * "15/12/2026", "15-12-2026", "15.12.2026". Two parts need a slash, so "3-4pm" stays a time range
 * and "3.30" a time.
 */

const DAY_MONTH = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b(?![/\d])/;
const DAY_MONTH_YEAR = /\b(\d{1,2})([-.])(\d{1,2})\2(\d{4}|\d{2})\b/;

export function findNumericDate(text: string): DateSpec | undefined {
  const m = DAY_MONTH_YEAR.exec(text) ?? DAY_MONTH.exec(text);
  if (m === null) return undefined;
  const [day, month, year] = m[2] === '-' || m[2] === '.' ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
  const d = Number(day);
  const mo = Number(month);
  if (d < 1 || d > 31 || mo < 1 || mo > 12) return undefined;
  if (year === undefined) return { kind: 'dayOfMonth', day: d, month: mo };
  const y = year.length === 2 ? 2000 + Number(year) : Number(year);
  return { kind: 'dayOfMonth', day: d, month: mo, year: y };
}
