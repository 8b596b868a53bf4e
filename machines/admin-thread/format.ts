/** Dates, times and money for the owner's messages (and the notices customers get). */
import { MONTH_NAMES, shortName, WEEKDAY_NAMES } from '../../contract';
import type { Lang } from './types';

/** "2026-11-20" -> "Fri 20 Nov" / "Ijumaa 20 Nov". */
export function day(date: string, lang: Lang): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${shortName(WEEKDAY_NAMES[lang][wd] ?? '', lang)} ${d} ${shortName(MONTH_NAMES.en[m - 1] ?? '', 'en')}`;
}

/** "2026-11" -> "November 2026". */
export function month(m: string, lang: Lang): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[lang][mo - 1] ?? ''} ${y}`;
}

/** An ISO instant with the tenant's offset -> its wall-clock "14:00". */
export const time = (iso: string) => iso.slice(11, 16);

export function money(kesMinor: number): string {
  const whole = Math.round(kesMinor / 100);
  return `KES ${whole.toLocaleString('en-US')}`;
}

export const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
