/**
 * Dates, times, time ranges and months in an owner's message, English or Swahili, through the
 * customer parser's helpers (one policy for "Friday", "kesho", "15/12", "saa tatu"). Unlike a
 * customer, an owner may ask about the past ("takings yesterday"), so a past date is reported,
 * not dropped, and each command decides whether it may be in the past.
 */
import {
  addDays,
  compareDates,
  formatDate,
  formatTime,
  zonedNow,
  type CivilDate,
  type ZonedNow,
} from '../calendar';
import type { PartOfDay } from '../../contract';
import { resolveDate, type DateSpec } from '../date-spec';
import { findEnglishDate } from '../english-dates';
import { findEnglishTime } from '../english-time';
import { MONTHS } from '../month-names';
import { findNumericDate } from '../numeric-dates';
import { findSwahiliDate } from '../swahili-dates';
import { findSwahiliTime } from '../swahili-time';

export interface AdminDate {
  date: string;
  past: boolean;
  /** A whole week was named ("next week"), not a day. */
  ambiguous: boolean;
}

export function today(now: number, timezone: string): string {
  return formatDate(zonedNow(now, timezone).today);
}

/** The date named in the message, or undefined when none is. */
export function findAdminDate(
  text: string,
  words: readonly string[],
  now: number,
  timezone: string,
): AdminDate | undefined {
  const zoned = zonedNow(now, timezone);
  const spec =
    findNumericDate(text) ??
    findSwahiliDate(words)?.spec ??
    findEnglishDate(text, { now, offsetMinutes: zoned.offsetMinutes });
  if (spec === undefined) return undefined;
  if (spec.kind === 'nextWeek') {
    const monday = resolveDate(spec, zoned, undefined)!;
    return { date: formatDate(monday), past: false, ambiguous: true };
  }
  const past = explicitPast(spec, zoned);
  if (past) return { date: formatDate(past), past: true, ambiguous: false };
  const date = resolveDate(spec, zoned, undefined);
  if (date === undefined) return undefined;
  return { date: formatDate(date), past: compareDates(date, zoned.today) < 0, ambiguous: false };
}

/**
 * "15 Nov" said on 18 Nov: the customer policy reads it as next year's; an owner writing a day
 * of this month that has gone means that day, and is told it has passed.
 */
function explicitPast(spec: DateSpec, zoned: ZonedNow): CivilDate | undefined {
  if (spec.kind !== 'dayOfMonth' || spec.month === undefined || spec.year !== undefined)
    return undefined;
  const date = { year: zoned.today.year, month: spec.month, day: spec.day };
  if (compareDates(date, zoned.today) >= 0) return undefined;
  const back = addDays(zoned.today, -120);
  return compareDates(date, back) >= 0 ? date : undefined;
}

const PERIOD_SPANS: Record<string, [string, string]> = {
  morning: ['08:00', '12:00'],
  asubuhi: ['08:00', '12:00'],
  afternoon: ['12:00', '17:00'],
  mchana: ['12:00', '17:00'],
  evening: ['17:00', '21:00'],
  jioni: ['17:00', '21:00'],
};

/** One time of day: "10am", "14:00", "saa nne asubuhi". */
export function findAdminTime(text: string, words: readonly string[]): string | undefined {
  const minute =
    findSwahiliTime(words, undefined)?.minuteOfDay ?? findEnglishTime(text, undefined)?.minuteOfDay;
  return minute === undefined ? undefined : formatTime(minute);
}

const RANGE_SPLIT = /\s*(?:-|–|\bto\b|\buntil\b|\btill\b|\bhadi\b|\bmpaka\b)\s*/;

/** "2pm-5pm", "from 14:00 to 17:00", "saa nane hadi saa kumi", or "afternoon" / "mchana". */
export function findTimeRange(
  text: string,
  words: readonly string[],
): { from: string; to: string } | undefined {
  const parts = text.split(RANGE_SPLIT);
  for (let i = 0; i + 1 < parts.length; i++) {
    const left = lastClause(parts[i]!);
    const right = parts[i + 1]!;
    let from = timeOf(left);
    const to = timeOf(right.split(/\s+/).slice(0, 4).join(' '));
    // "2-5pm": the meridiem of the end applies to the start
    const bareStart = /(\d{1,2})$/.exec(left.trim());
    const pm = /^\s*\d{1,2}(?::\d{2})?\s*pm/.test(right);
    if (bareStart && pm) from = formatTime(((Number(bareStart[1]) % 12) + 12) * 60);
    if (from && to && to > from) return { from, to };
  }
  for (const w of words) {
    const span = PERIOD_SPANS[w];
    if (span) return { from: span[0], to: span[1] };
  }
  return undefined;
}

function lastClause(s: string): string {
  const m =
    /((?:saa\s+\S+(?:\s+(?:na\s+nusu|asubuhi|mchana|jioni|usiku))?)|\d{1,2}(?::\d{2})?\s*(?:am|pm)?)\s*$/.exec(
      s,
    );
  return m ? m[1]! : s;
}

const SW_PERIODS: Record<string, PartOfDay> = {
  asubuhi: 'morning',
  mchana: 'afternoon',
  jioni: 'evening',
  usiku: 'night',
};

function timeOf(s: string): string | undefined {
  const words = s.trim().split(/\s+/);
  // The part of the day picks the half of it: "saa mbili usiku" is 20:00, not 08:00.
  const period = SW_PERIODS[words.find((w) => w in SW_PERIODS) ?? ''];
  const minute =
    findSwahiliTime(words, period)?.minuteOfDay ?? findEnglishTime(s, undefined)?.minuteOfDay;
  if (minute !== undefined) return formatTime(minute);
  const bare = /^\s*(\d{1,2})(?::(\d{2}))?\s*$/.exec(s);
  if (!bare) return undefined;
  const h = Number(bare[1]);
  if (h > 23) return undefined;
  const hour = h < 7 ? h + 12 : h; // "block 2-5": business hours
  return formatTime(hour * 60 + Number(bare[2] ?? 0));
}

/** "this month", "last month", "November", "Novemba", "mwezi huu", "2026-11". */
export function findMonth(text: string, words: readonly string[], now: number, timezone: string) {
  const t = zonedNow(now, timezone).today;
  const fmt = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
  const iso = /\b(\d{4})-(\d{2})\b/.exec(text);
  if (iso && Number(iso[2]) >= 1 && Number(iso[2]) <= 12) return `${iso[1]}-${iso[2]}`;
  if (/\b(this month|mwezi huu)\b/.test(text)) return fmt(t.year, t.month);
  if (/\b(last month|mwezi uliopita)\b/.test(text))
    return t.month === 1 ? fmt(t.year - 1, 12) : fmt(t.year, t.month - 1);
  for (const w of words) {
    const m = MONTHS.get(w);
    if (m !== undefined && w.length >= 3 && w !== 'mar' && w !== 'may') {
      // a month named without a year: the latest one not in the future
      return m > t.month ? fmt(t.year - 1, m) : fmt(t.year, m);
    }
  }
  return undefined;
}
