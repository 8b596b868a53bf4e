import { describe, expect, it } from 'vitest';
import { formatDate, zonedNow } from './calendar';
import { type DateSpec, resolveDate } from './date-spec';
import { NAIROBI, NOW } from './fixtures/demo-catalog';

// NOW is Wednesday 2026-11-18, 10:00 in Nairobi.
const now = zonedNow(NOW, NAIROBI);
const resolve = (spec: DateSpec, time?: string) => {
  const minute =
    time === undefined ? undefined : Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const date = resolveDate(spec, now, minute);
  return date === undefined ? undefined : formatDate(date);
};

describe('resolveDate', () => {
  it.each<[string, DateSpec, string | undefined, string | undefined]>([
    ['today', { kind: 'offset', days: 0 }, undefined, '2026-11-18'],
    ['day after tomorrow', { kind: 'offset', days: 2 }, undefined, '2026-11-20'],
    // a bare weekday is the next occurrence...
    ['Friday', { kind: 'weekday', weekday: 5, mode: 'bare' }, undefined, '2026-11-20'],
    ['Monday', { kind: 'weekday', weekday: 1, mode: 'bare' }, undefined, '2026-11-23'],
    // ...today only with a time still ahead today
    ['Wednesday', { kind: 'weekday', weekday: 3, mode: 'bare' }, undefined, '2026-11-25'],
    ['Wednesday 15:00', { kind: 'weekday', weekday: 3, mode: 'bare' }, '15:00', '2026-11-18'],
    ['Wednesday 09:00', { kind: 'weekday', weekday: 3, mode: 'bare' }, '09:00', '2026-11-25'],
    ['this Wednesday', { kind: 'weekday', weekday: 3, mode: 'this' }, undefined, '2026-11-18'],
    ['this Friday', { kind: 'weekday', weekday: 5, mode: 'this' }, undefined, '2026-11-20'],
    // "next" is the day in the next calendar week
    ['next Friday', { kind: 'weekday', weekday: 5, mode: 'next' }, undefined, '2026-11-27'],
    ['next Monday', { kind: 'weekday', weekday: 1, mode: 'next' }, undefined, '2026-11-23'],
    ['next Sunday', { kind: 'weekday', weekday: 0, mode: 'next' }, undefined, '2026-11-29'],
    ['next week', { kind: 'nextWeek' }, undefined, '2026-11-23'],
    // day of month: the next such day, today included
    ['the 18th', { kind: 'dayOfMonth', day: 18 }, undefined, '2026-11-18'],
    ['the 17th', { kind: 'dayOfMonth', day: 17 }, undefined, '2026-12-17'],
    ['the 31st', { kind: 'dayOfMonth', day: 31 }, undefined, '2026-12-31'],
    ['15 December', { kind: 'dayOfMonth', day: 15, month: 12 }, undefined, '2026-12-15'],
    ['1 February', { kind: 'dayOfMonth', day: 1, month: 2 }, undefined, '2027-02-01'],
    ['29 February', { kind: 'dayOfMonth', day: 29, month: 2 }, undefined, '2028-02-29'],
    ['31 November', { kind: 'dayOfMonth', day: 31, month: 11 }, undefined, undefined],
    ['15/12/2027', { kind: 'dayOfMonth', day: 15, month: 12, year: 2027 }, undefined, '2027-12-15'],
    ['30/02/2027', { kind: 'dayOfMonth', day: 30, month: 2, year: 2027 }, undefined, undefined],
  ])('%s', (_label, spec, time, expected) => {
    expect(resolve(spec, time)).toBe(expected);
  });
});
