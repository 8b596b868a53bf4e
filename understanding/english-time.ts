import type { PartOfDay } from '../contract';

/**
 * English clock times: "3pm", "3:30 pm", "15:00", "at 3", "3 o'clock", "half past 3",
 * "quarter to 4", "at three", "noon". A bare hour ("at 3", "3:30") is read within business hours
 * (07:00-18:59: 3 -> 15:00, 9 -> 09:00), unless a period word says otherwise ("at 8 in the
 * evening" -> 20:00). Runs on the normalized text.
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

const HOUR = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
const MINUTES = '(?:[:.]([0-5]\\d))';

/** Each pattern yields hour (group 1), optional minutes (2) and optional am/pm (3). */
const PATTERNS: readonly { pattern: RegExp; kind: 'meridiem' | 'clock' | 'bare' }[] = [
  { pattern: new RegExp(`\\b${HOUR}${MINUTES}?\\s?(am|pm)\\b`, 'g'), kind: 'meridiem' },
  {
    pattern: /\b([01]?\d|2[0-3])[:.]([0-5]\d)(?!\s?[ap]m)(?![\d/.:])(?:\s?hrs?\b)?/g,
    kind: 'clock',
  },
  {
    pattern: new RegExp(
      `(?:\\b(?:at|by|around|from|after|before|till|until)\\s|@\\s?)${HOUR}(?![\\d/.:])(?:\\s?o\\s?clock|\\s?oclock|ish)?\\b`,
      'g',
    ),
    kind: 'bare',
  },
  { pattern: new RegExp(`\\b${HOUR}\\s?(?:o\\s?clock|oclock|ish)\\b`, 'g'), kind: 'bare' },
];

const HALF_PAST = new RegExp(`\\b(half|quarter)\\s(past|to)\\s${HOUR}\\b`);
const NOON = /\b(noon|midday|mid-day|lunchtime|lunch time|midnight)\b/;

export interface EnglishTime {
  minuteOfDay: number;
  /** Character offset in the text (the earliest time wins). */
  index: number;
}

/** Cheap gate: a time needs a digit, a number word or noon/midnight. */
const MAY_HAVE_TIME = new RegExp(
  `\\d|${Object.keys(NUMBER_WORDS).join('|')}|noon|midday|mid-day|lunch|midnight`,
);

export function findEnglishTime(
  text: string,
  period: PartOfDay | undefined,
): EnglishTime | undefined {
  if (!MAY_HAVE_TIME.test(text)) return undefined;
  let best: EnglishTime | undefined;
  const consider = (minuteOfDay: number | undefined, index: number) => {
    if (minuteOfDay !== undefined && (best === undefined || index < best.index)) {
      best = { minuteOfDay, index };
    }
  };
  for (const { pattern, kind } of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      consider(toMinutes(hourValue(m[1]), Number(m[2] ?? 0), m[3], kind, period), m.index);
    }
  }
  const half = HALF_PAST.exec(text);
  if (half !== null) {
    const hour = hourValue(half[3]);
    const offset = (half[1] === 'half' ? 30 : 15) * (half[2] === 'past' ? 1 : -1);
    const base = toMinutes(hour, 0, undefined, 'bare', period);
    if (base !== undefined) consider(base + offset, half.index);
  }
  const noon = NOON.exec(text);
  if (noon !== null) consider(noon[1] === 'midnight' ? 0 : 12 * 60, noon.index);
  return best;
}

function hourValue(token: string | undefined): number {
  if (token === undefined) return Number.NaN;
  return NUMBER_WORDS[token] ?? Number(token);
}

function toMinutes(
  hour: number,
  minute: number,
  meridiem: string | undefined,
  kind: 'meridiem' | 'clock' | 'bare',
  period: PartOfDay | undefined,
): number | undefined {
  if (!Number.isInteger(hour) || hour > 23 || minute > 59) return undefined;
  if (kind === 'meridiem') {
    if (hour < 1 || hour > 12) return undefined;
    return ((hour % 12) + (meridiem === 'pm' ? 12 : 0)) * 60 + minute;
  }
  if (hour >= 13 || (kind === 'clock' && hour === 0)) return hour * 60 + minute;
  if (hour === 0) return undefined;
  return businessHour(hour, period) * 60 + minute;
}

/** An hour 1-12 without am/pm, read as the customer most likely meant it. */
export function businessHour(hour12: number, period: PartOfDay | undefined): number {
  switch (period) {
    case 'morning':
      return hour12 % 12;
    case 'afternoon':
    case 'evening':
    case 'night':
      return hour12 === 12 ? 12 : hour12 + 12;
    case undefined:
      return hour12 >= 7 ? hour12 : hour12 + 12;
  }
}
