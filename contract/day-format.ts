import { MONTH_NAMES, WEEKDAY_NAMES } from './calendar-words';
import type { Language } from './thread';
import { zonedFormatter } from './zone-format';

/**
 * A calendar day as the business writes it, whatever the reader's browser locale: day before
 * month, the tenant's language ("Mon 7 Dec 2026", "Jumatatu 7 Des 2026"). Days are ISO
 * `YYYY-MM-DD` in the tenant's zone, so no time zone arithmetic happens here.
 */

/** CLDR's abbreviated Swahili months (the full names share prefixes less than the weekdays). */
const SW_MONTHS_SHORT = [
  'Jan',
  'Feb',
  'Mac',
  'Apr',
  'Mei',
  'Jun',
  'Jul',
  'Ago',
  'Sep',
  'Okt',
  'Nov',
  'Des',
] as const;

export type DayStyle = 'short' | 'long' | 'month' | 'noYear';

/** The console's language for a tenant: its first language, English when it has none we know. */
export function consoleLanguage(languages: readonly string[] | undefined): Language {
  const first = languages?.[0];
  return first === 'sw' ? 'sw' : 'en';
}

function parts(dayIso: string): { y: number; m: number; d: number; wd: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dayIso);
  if (!match) throw new Error(`not a day: ${dayIso}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { y, m: m - 1, d, wd: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

/** Swahili weekday names all but two start "Jum": calendar headers use these abbreviations. */
const SW_WEEKDAYS_GRID = ['Jtt', 'Jnn', 'Jtn', 'Alh', 'Iju', 'Jmo', 'Jpi'] as const;

/** Weekday headers of a month grid, Monday first ("Mon" …, "Jtt" …). */
export function weekdayNames(language: Language): string[] {
  return language === 'en'
    ? [1, 2, 3, 4, 5, 6, 0].map((i) => WEEKDAY_NAMES.en[i]!.slice(0, 3))
    : [...SW_WEEKDAYS_GRID];
}

/**
 * `short`: "Mon 7 Dec 2026" / "Jumatatu 7 Des 2026"; `long`: "Monday 7 December 2026" /
 * "Jumatatu 7 Desemba 2026"; `noYear`: "Mon 7 Dec" (column heads); `month`: "December 2026" / "Desemba 2026".
 */
export function formatDayIso(
  dayIso: string,
  language: Language,
  style: DayStyle = 'short',
): string {
  const { y, m, d, wd } = parts(dayIso);
  const month = MONTH_NAMES[language][m]!;
  if (style === 'month') return `${month} ${y}`;
  const weekday = WEEKDAY_NAMES[language][wd]!;
  if (style === 'long') return `${weekday} ${d} ${month} ${y}`;
  const shortMonth = language === 'en' ? month.slice(0, 3) : SW_MONTHS_SHORT[m]!;
  const shortWeekday = language === 'en' ? weekday.slice(0, 3) : weekday;
  return style === 'noYear'
    ? `${shortWeekday} ${d} ${shortMonth}`
    : `${shortWeekday} ${d} ${shortMonth} ${y}`;
}

/** The ISO day of an instant in a zone (`en-CA` writes YYYY-MM-DD, whatever the browser). */
export function dayInZone(ms: number, zone: string): string {
  return zonedFormatter('en-CA', { timeZone: zone }).format(ms);
}

/** "14:05" (or "14:05:09"): the 24-hour clock of an instant in a zone, whatever the browser. */
export function clockInZone(ms: number, zone: string, seconds = false): string {
  return zonedFormatter('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(seconds ? { second: '2-digit' } : {}),
  }).format(ms);
}

/** "Mon 7 Dec 2026 14:05" / "Jumatatu 7 Des 2026 14:05": an instant as the tenant writes it. */
export function formatInstant(
  ms: number,
  language: Language,
  zone: string,
  style: DayStyle = 'short',
): string {
  return `${formatDayIso(dayInZone(ms, zone), language, style)} ${clockInZone(ms, zone)}`;
}
