import type { PartOfDay } from '../contract';
import { readSwahiliNumber } from './swahili-numbers';

/**
 * Swahili clock time. The Swahili day starts at 06:00, so hours are counted from then: "saa moja"
 * (hour one) is 07:00, "saa sita" 12:00, "saa tisa" 15:00, "saa kumi na mbili" 18:00. A period
 * word picks the half of the day ("saa mbili usiku" 20:00, "saa tatu asubuhi" 09:00); without
 * one, the reading within business hours (07:00-18:59) is taken. Minutes: "na nusu" :30,
 * "na robo" :15, "na dakika kumi" :10, "kasorobo" 15 minutes before the hour ("saa nne kasorobo"
 * 09:45), "kasoro dakika tano" 5 before.
 *
 * Digits after "saa" are Swahili clock time too ("saa 3" 09:00), unless they carry am/pm or are
 * 13 or more (then they are the international clock). Because people also write the
 * international hour after "saa" with a period word ("saa 10 asubuhi"), a digit hour whose
 * Swahili reading does not fit the period named, while the international reading does, is read
 * the international way (10:00 rather than 04:00).
 */

export interface ClockTime {
  /** Minutes since midnight. */
  minuteOfDay: number;
  /** Word index where the time starts. */
  at: number;
}

/** The hours each period word covers, [from, to) in minutes; night wraps past midnight. */
const PERIOD_RANGES: Readonly<Record<PartOfDay, readonly [number, number]>> = {
  morning: [5 * 60, 12 * 60],
  afternoon: [10 * 60, 18 * 60],
  evening: [16 * 60, 21 * 60],
  night: [19 * 60, 5 * 60],
};

export function fitsPeriod(minuteOfDay: number, period: PartOfDay): boolean {
  const [from, to] = PERIOD_RANGES[period];
  return from < to
    ? minuteOfDay >= from && minuteOfDay < to
    : minuteOfDay >= from || minuteOfDay < to;
}

/** 12-hour clock hour (1-12) and period -> 24-hour hour, as Swahili speakers read it. */
export function hourForPeriod(hour12: number, period: PartOfDay | undefined): number {
  switch (period) {
    case 'morning':
      return hour12 === 12 ? 12 : hour12;
    case 'afternoon':
      return hour12 >= 7 ? hour12 : hour12 + 12;
    case 'evening':
      return hour12 === 12 ? 12 : hour12 + 12;
    case 'night':
      if (hour12 === 12) return 0;
      return hour12 >= 7 ? hour12 + 12 : hour12;
    case undefined:
      return hour12 >= 7 ? hour12 : hour12 + 12;
  }
}

/** Swahili hour (1-12, "saa moja" = 1) -> the 12-hour clock hour (7, 8, ..., 12, 1, ..., 6). */
const swahiliToHour12 = (swahiliHour: number) => ((swahiliHour + 5) % 12) + 1;

export function findSwahiliTime(
  words: readonly string[],
  period: PartOfDay | undefined,
): ClockTime | undefined {
  for (let at = 0; at < words.length; at += 1) {
    if (words[at] !== 'saa') continue;
    const time = readAfterSaa(words, at + 1, period);
    if (time !== undefined) return { minuteOfDay: time, at };
  }
  return undefined;
}

function readAfterSaa(
  words: readonly string[],
  at: number,
  period: PartOfDay | undefined,
): number | undefined {
  const digits = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(words[at] ?? '');
  if (digits === null) {
    const number = readSwahiliNumber(words, at);
    if (number === undefined || number.value < 1 || number.value > 12) return undefined;
    const base = hourForPeriod(swahiliToHour12(number.value), period) * 60;
    return base + readMinutes(words, number.end);
  }
  const hour = Number(digits[1]);
  const minute = Number(digits[2] ?? 0);
  const next = words[at + 1];
  const meridiem = digits[3] ?? (next === 'am' || next === 'pm' ? next : undefined);
  if (minute > 59 || hour > 23) return undefined;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    return ((hour % 12) + (meridiem === 'pm' ? 12 : 0)) * 60 + minute;
  }
  if (hour >= 13 || hour === 0) return hour * 60 + minute;
  const extra = minute + readMinutes(words, at + 1);
  const swahili = hourForPeriod(swahiliToHour12(hour), period) * 60 + extra;
  if (period === undefined || fitsPeriod(swahili, period)) return swahili;
  const international = hourForPeriod(hour, period) * 60 + extra;
  return fitsPeriod(international, period) ? international : swahili;
}

/** Minutes after the hour, negative for "kasorobo" / "kasoro ...". */
function readMinutes(words: readonly string[], at: number): number {
  const first = words[at];
  if (first === 'kasorobo') return -15;
  if (first === 'kasoro') {
    if (words[at + 1] === 'robo') return -15;
    const n = readSwahiliNumber(words, words[at + 1] === 'dakika' ? at + 2 : at + 1);
    return n !== undefined && n.value < 60 ? -n.value : 0;
  }
  if (first !== 'na') return 0;
  const second = words[at + 1];
  if (second === 'nusu') return 30;
  if (second === 'robo') return 15;
  const n = readSwahiliNumber(words, second === 'dakika' ? at + 2 : at + 1);
  return n !== undefined && n.value < 60 ? n.value : 0;
}
