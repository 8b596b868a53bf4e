/**
 * Wall-clock arithmetic in a tenant's IANA time zone. Calendar dates are plain YYYY-MM-DD
 * strings (their arithmetic needs no zone); only converting between a wall-clock time and an
 * instant does, and that goes through @date-fns/tz so DST days come out right.
 */
import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns';
import { WEEKDAYS, type Weekday } from './types';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-4]):([0-5]\d)(?::00)?$/;

function dateParts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** "HH:MM" (or "HH:MM:SS" with zero seconds, as Postgres prints a time) -> minutes. */
export function parseMinutes(time: string): number {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`not a time: ${time}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440) throw new RangeError(`not a time: ${time}`);
  return minutes;
}

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function isDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const [y, m, d] = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function isTime(time: string): boolean {
  return TIME.test(time) && parseMinutes(time) < 1440;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = dateParts(a);
  const [by, bm, bd] = dateParts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / DAY_MS);
}

export function weekdayOf(date: string): Weekday {
  const [y, m, d] = dateParts(date);
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7]!;
}

/** The instant of a wall-clock time (minutes since midnight, 1440 = next midnight) on a date. */
export function wallToEpoch(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = dateParts(date);
  return new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0, 0, timeZone).getTime();
}

export interface WallTime {
  date: string;
  minutes: number;
  weekday: Weekday;
}

export function epochToWall(ms: number, timeZone: string): WallTime {
  const t = new TZDate(ms, timeZone);
  const date = `${String(t.getFullYear()).padStart(4, '0')}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
  return { date, minutes: t.getHours() * 60 + t.getMinutes(), weekday: weekdayOf(date) };
}

/** ISO 8601 with the zone's offset, e.g. 2026-03-06T10:00:00+03:00. */
export function toIsoInZone(ms: number, timeZone: string): string {
  return formatISO(new TZDate(ms, timeZone));
}

/** Epoch ms of an ISO 8601 instant that names its offset; NaN when it is not one. */
export function parseInstant(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return NaN;
  return Date.parse(iso);
}
