/**
 * Civil dates in the tenant's time zone, without a date library: the zone is read once per
 * message with a cached `Intl.DateTimeFormat`, and date arithmetic is done on UTC midnights.
 */

export interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

export interface ZonedNow {
  today: CivilDate;
  /** 0 = Sunday ... 6 = Saturday, of `today`. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** Offset of the zone from UTC at the reference instant, in minutes (Nairobi: 180). */
  offsetMinutes: number;
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const FORMATTER_LIMIT = 500;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = FORMATTERS.get(timeZone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    return formatterFor('UTC'); // an unknown zone name: better UTC than no answer
  }
  if (FORMATTERS.size >= FORMATTER_LIMIT) FORMATTERS.clear();
  FORMATTERS.set(timeZone, formatter);
  return formatter;
}

/** The last answer per zone: consecutive messages almost always fall in the same minute. */
const LAST = new Map<string, { minute: number; value: ZonedNow }>();

/** Where `now` falls in `timeZone`. Unknown zones are read as UTC, a non-finite `now` as 0. */
export function zonedNow(now: number, timeZone: string): ZonedNow {
  const instant = Number.isFinite(now) ? Math.trunc(now) : 0;
  const minute = Math.floor(instant / 60_000);
  const last = LAST.get(timeZone);
  if (last?.minute === minute) return last.value;
  const value = computeZonedNow(instant, timeZone);
  if (LAST.size >= FORMATTER_LIMIT) LAST.clear();
  LAST.set(timeZone, { minute, value });
  return value;
}

function computeZonedNow(instant: number, timeZone: string): ZonedNow {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const today = { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1 };
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const localAsUtc = Date.UTC(today.year, today.month - 1, today.day, hour, minute);
  const instantMinute = Math.floor(instant / 60_000) * 60_000;
  return {
    today,
    weekday: weekdayOf(today),
    minuteOfDay: hour * 60 + minute,
    offsetMinutes: Math.round((localAsUtc - instantMinute) / 60_000),
  };
}

function toUtcMs(date: CivilDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

function fromUtcMs(ms: number): CivilDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromUtcMs(toUtcMs(date) + days * 86_400_000);
}

export function weekdayOf(date: CivilDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return toUtcMs(a) - toUtcMs(b);
}

/** True when year/month/day name a real calendar day (no 31 November). */
export function isValidDate(date: CivilDate): boolean {
  if (!Number.isInteger(date.year) || date.year < 1970 || date.year > 9999) return false;
  const round = fromUtcMs(toUtcMs(date));
  return round.year === date.year && round.month === date.month && round.day === date.day;
}

export function formatDate(date: CivilDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

export function formatTime(minuteOfDay: number): string {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
