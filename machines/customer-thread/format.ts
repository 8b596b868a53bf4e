import { MONTH_NAMES, shortName, swahiliClock, WEEKDAY_NAMES, type Language } from '../../contract';

/**
 * Dates, times and money for replies. Pure: slot times are ISO strings with the tenant's offset,
 * so the wall-clock parts are read from the string itself; no clock, no time-zone database
 * except `localDate`, which turns an event's `at` into the tenant's calendar date.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function isTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

/** The tenant-local date and HH:MM of an ISO timestamp with offset ("2026-11-20T15:00:00+03:00"). */
export function splitIso(iso: string): { date: string; time: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m?.[1] && m[2] ? { date: m[1], time: m[2] } : null;
}

function dateParts(date: string): { weekday: number; day: number; month: number } | null {
  if (!isDate(date)) return null;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return { weekday: new Date(Date.UTC(y, mo - 1, d)).getUTCDay(), day: d, month: mo - 1 };
}

/** "Friday" / "Ijumaa". */
export function dayName(date: string, lang: Language): string {
  const p = dateParts(date);
  return p ? (WEEKDAY_NAMES[lang][p.weekday] ?? date) : date;
}

/** "Fri 20 Nov" / "Ijumaa 20 Novemba". */
export function dayLabel(date: string, lang: Language): string {
  const p = dateParts(date);
  if (!p) return date;
  const name = WEEKDAY_NAMES[lang][p.weekday] ?? '';
  const month = MONTH_NAMES[lang][p.month] ?? '';
  return `${shortName(name, lang)} ${p.day} ${shortName(month, lang)}`;
}

/** "3:00 pm" in English; Swahili clock time in Swahili ("saa tisa mchana" is 15:00). */
export function clock(time: string, lang: Language): string {
  if (!isTime(time)) return time;
  const [h, m] = time.split(':').map(Number) as [number, number];
  if (lang === 'en') {
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return `${h12}:${String(m).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
  }
  return swahiliClock(h, m);
}

/** "Fri 20 Nov at 3:00 pm" / "Ijumaa 20 Novemba saa tisa mchana". */
export function when(iso: string, lang: Language): string {
  const p = splitIso(iso);
  if (!p) return iso;
  const sep = lang === 'en' ? ' at ' : ' ';
  return `${dayLabel(p.date, lang)}${sep}${clock(p.time, lang)}`;
}

/** Integer KES minor units to "KES 1,500" (cents only when there are any), in either language. */
export function money(minor: number, _lang?: Language): string {
  const safe = Number.isFinite(minor) ? Math.max(0, Math.round(minor)) : 0;
  const whole = Math.floor(safe / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = safe % 100 ? `.${String(safe % 100).padStart(2, '0')}` : '';
  // One currency label in both languages (the price lists and answers say KES too).
  return `KES ${whole}${cents}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. Falls back to Nairobi (UTC+3). */
export function localDate(at: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(at);
  } catch {
    return new Date(at + 3 * 3_600_000).toISOString().slice(0, 10);
  }
}

export function addDays(date: string, days: number): string {
  if (!isDate(date)) return date;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/** Minutes since midnight of HH:MM, or null. */
export function minutesOf(time: string): number | null {
  if (!isTime(time)) return null;
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Cut a string to `max` characters (on a code-point boundary), with an ellipsis. */
export function cap(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
