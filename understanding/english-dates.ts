import * as chrono from 'chrono-node';
import type { DateSpec } from './date-spec';

/**
 * English dates through chrono-node (casual English), with the reference instant and the
 * tenant's UTC offset so "tomorrow" is the tenant's tomorrow. chrono's own reading is kept for
 * dates it pins to a day ("tomorrow", "Dec 15", "15 December", "in 3 days"); weekdays and "next
 * week" become `DateSpec`s so English and Swahili share one policy (see `resolveDate`). Day-first
 * numeric dates are `findNumericDate`'s job, so chrono's month-first reading of "1/2" never runs.
 * chrono is only called when the text has a word that can start a date, which keeps most
 * messages cheap, and runs without its time-of-day and slash-date parsers (times are
 * `findEnglishTime`'s job), which makes each call several times cheaper.
 */

/** chrono parsers we do not want: times of day, and month-first "12/15" dates. */
const UNWANTED_PARSERS = new Set([
  'ENCasualTimeParser',
  'ENTimeExpressionParser',
  'SlashDateFormatParser',
  'ENSlashMonthFormatParser',
  'ENTimeUnitAgoFormatParser',
]);

const DATE_PARSER: chrono.Chrono = (() => {
  const config = chrono.en.configuration.createCasualConfiguration(false);
  const parsers = config.parsers.filter((p) => !UNWANTED_PARSERS.has(p.constructor.name));
  return new chrono.Chrono({ parsers, refiners: config.refiners });
})();

const SPELLINGS: readonly [RegExp, string][] = [
  [
    /\b(?:tomoro|tomorow|tommorow|tommorrow|tomorrw|tmrow|tmorow|2moro|2morrow|2mrw|2mro)\b/g,
    'tomorrow',
  ],
  [/\b(?:tday|2day)\b/g, 'today'],
  [/\bweds\b/g, 'wednesday'],
];

// Regression: "yesterday" was no date cue, so "yesterday at 2pm" lost its day and was booked
// today at 14:00; now it is yesterday's date and the conversation says the day has passed.
const DATE_CUE =
  /\b(?:to(?:day|night|morrow)|yesterday|tmrw?\b|weekend|week|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|in (?:a|an|\d+|one|two|three) )|\d(?:st|nd|rd|th)\b/;
const WEEKDAY_WORD = /\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/;
const DAY_AFTER_TOMORROW = /\b(?:(?:the )?day after (?:tomorrow|tmrw?)|overmorrow)\b/;
const NEXT_WEEK = /\b(?:next|following) week\b/;
const ON_THE_NTH = /\bon the (\d{1,2})(?:st|nd|rd|th)?\b(?! of)/;
const NEXT_MODE = /\b(?:next|following)\b/;
const THIS_MODE = /\b(?:this|coming)\b/;
/** "not Friday, Saturday", "instead of Friday": skip the day they do not want. */
const NEGATED = /\b(?:not|instead of|rather than|except)\s+(?:on\s+)?$/;

export interface EnglishDateReference {
  now: number;
  offsetMinutes: number;
}

export function findEnglishDate(rawText: string, ref: EnglishDateReference): DateSpec | undefined {
  let text = rawText;
  for (const [pattern, replacement] of SPELLINGS) text = text.replace(pattern, replacement);
  if (DAY_AFTER_TOMORROW.test(text)) return { kind: 'offset', days: 2 };
  if (NEXT_WEEK.test(text) && !WEEKDAY_WORD.test(text)) return { kind: 'nextWeek' };
  const nth = ON_THE_NTH.exec(text);
  if (nth !== null) {
    const day = Number(nth[1]);
    if (day >= 1 && day <= 31) return { kind: 'dayOfMonth', day };
  }
  if (!DATE_CUE.test(text)) return undefined;
  const results = DATE_PARSER.parse(
    text,
    { instant: new Date(ref.now), timezone: ref.offsetMinutes },
    { forwardDate: true },
  );
  for (const result of results) {
    if (NEGATED.test(text.slice(Math.max(0, result.index - 16), result.index))) continue;
    const spec = toSpec(result, text);
    if (spec !== undefined) return spec;
  }
  return undefined;
}

function toSpec(result: chrono.ParsedResult, text: string): DateSpec | undefined {
  const { start } = result;
  if (result.text === 'now') return undefined; // "not now" is not a date
  const day = start.get('day');
  const month = start.get('month');
  const year = start.get('year');
  if (start.isCertain('day') && day !== null && month !== null && year !== null) {
    if (start.isCertain('month') && !start.isCertain('year')) {
      return { kind: 'dayOfMonth', day, month }; // "Dec 15": the next 15 December, today included
    }
    return { kind: 'absolute', date: { year, month, day } };
  }
  const weekday = start.get('weekday');
  if (start.isCertain('weekday') && weekday !== null) {
    const around = text.slice(Math.max(0, result.index - 10), result.index + result.text.length);
    const mode = NEXT_MODE.test(around) ? 'next' : THIS_MODE.test(around) ? 'this' : 'bare';
    return { kind: 'weekday', weekday, mode };
  }
  return undefined;
}
