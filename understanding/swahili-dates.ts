import type { FoundDate } from './date-spec';
import { MONTHS } from './month-names';
import { type NumberAt, readSwahiliNumber } from './swahili-numbers';

/**
 * Swahili dates: "leo" (today), "kesho" (tomorrow), "kesho kutwa" / "keshokutwa" (the day after),
 * "mtondo" (in three days), "jana" / "juzi" (yesterday / the day before), weekdays (Jumatatu = Monday ... Jumapili = Sunday, also written
 * "juma tatu" or "j'tatu"), "Ijumaa hii" (this Friday), "Ijumaa ijayo" / "Ijumaa ya wiki ijayo"
 * (Friday next week), "wiki ijayo" (next week), "wikendi", and "tarehe 15" / "tarehe kumi na tano
 * Desemba" / "15 Desemba". A day after "sio" (not) or "badala ya" (instead of) is skipped. See
 * `resolveDate` for how each is pinned to the calendar.
 */

/** 0 = Sunday ... 6 = Saturday, as Date.getUTCDay. */
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['jumapili', 0],
  ['jumatatu', 1],
  ['jumanne', 2],
  ['jumatano', 3],
  ['alhamisi', 4],
  ['ijumaa', 5],
  ['jumamosi', 6],
  ['jpili', 0],
  ['jtatu', 1],
  ['jnne', 2],
  ['jtano', 3],
  ['alhamis', 4],
  ['ijuma', 5],
  ['jmosi', 6],
  ['wikendi', 6],
]);

const SPLIT_WEEKDAY_TAILS = new Set(['pili', 'tatu', 'nne', 'tano', 'mosi']);

export function findSwahiliDate(words: readonly string[]): FoundDate | undefined {
  for (let at = 0; at < words.length; at += 1) {
    const found = readDateAt(words, at);
    if (found !== undefined && !negated(words, at)) return found;
  }
  return undefined;
}

/** "sio Ijumaa, Jumamosi" / "badala ya Ijumaa": the day named is the one they do not want. */
function negated(words: readonly string[], at: number): boolean {
  const before = words[at - 1];
  return (
    before === 'sio' ||
    before === 'siyo' ||
    before === 'si' ||
    before === 'not' ||
    (before === 'ya' && words[at - 2] === 'badala')
  );
}

function readDateAt(words: readonly string[], at: number): FoundDate | undefined {
  const word = words[at] ?? '';
  const next = words[at + 1];
  switch (word) {
    case 'leo':
      return { spec: { kind: 'offset', days: 0 }, at };
    case 'kesho':
      return { spec: { kind: 'offset', days: next === 'kutwa' ? 2 : 1 }, at };
    case 'keshokutwa':
    case 'kesho-kutwa':
      return { spec: { kind: 'offset', days: 2 }, at };
    case 'mtondo':
      return { spec: { kind: 'offset', days: 3 }, at };
    // Regression: "jana" (yesterday) and "juzi" (the day before) were not dates, so "jana saa
    // nane" was booked today at 14:00; a past day is now said to have passed.
    case 'jana':
      return { spec: { kind: 'offset', days: -1 }, at };
    case 'juzi':
      return { spec: { kind: 'offset', days: -2 }, at };
    case 'wiki':
      return next === 'ijayo' || next === 'inayokuja'
        ? { spec: { kind: 'nextWeek' }, at }
        : undefined;
    case 'tarehe':
      return readDayOfMonth(words, at + 1, at);
  }
  const joined = word === 'juma' && next !== undefined && SPLIT_WEEKDAY_TAILS.has(next);
  const weekday = WEEKDAYS.get(joined ? `juma${next}` : word);
  if (weekday !== undefined) {
    const after = joined ? at + 2 : at + 1;
    return { spec: { kind: 'weekday', weekday, mode: weekdayMode(words, after) }, at };
  }
  if (/^\d{1,2}$/.test(word) && MONTHS.has(next ?? '')) return readDayOfMonth(words, at, at);
  return undefined;
}

/** "hii" right after the day means this week's; "ijayo" within the next three words, next week's. */
function weekdayMode(words: readonly string[], after: number): 'bare' | 'this' | 'next' {
  if (words[after] === 'hii') return 'this';
  for (let k = after; k < Math.min(words.length, after + 3); k += 1) {
    if (words[k] === 'ijayo' || words[k] === 'inayokuja') return 'next';
  }
  return 'bare';
}

function readDayOfMonth(words: readonly string[], from: number, at: number): FoundDate | undefined {
  const number = readSwahiliNumber(words, from);
  if (number === undefined || number.value < 1 || number.value > 31) return undefined;
  const day = number.value;
  const month = readMonth(words, number.end);
  if (month === undefined) return { spec: { kind: 'dayOfMonth', day }, at };
  const year = /^\d{4}$/.exec(words[month.end] ?? '')?.[0];
  return {
    spec:
      year === undefined
        ? { kind: 'dayOfMonth', day, month: month.value }
        : { kind: 'dayOfMonth', day, month: month.value, year: Number(year) },
    at,
  };
}

/** "Desemba", "dec", "mwezi wa kumi na mbili", "mwezi wa kwanza", "mwezi 12". */
function readMonth(words: readonly string[], at: number): NumberAt | undefined {
  const word = words[at];
  if (word === undefined) return undefined;
  const named = MONTHS.get(word);
  if (named !== undefined) return { value: named, end: at + 1 };
  if (word !== 'mwezi') return undefined;
  const from = words[at + 1] === 'wa' ? at + 2 : at + 1;
  if (words[from] === 'kwanza') return { value: 1, end: from + 1 };
  const number = readSwahiliNumber(words, from);
  return number !== undefined && number.value >= 1 && number.value <= 12 ? number : undefined;
}
