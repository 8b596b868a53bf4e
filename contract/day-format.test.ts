import { describe, expect, it } from 'vitest';
import {
  clockInZone,
  consoleLanguage,
  dayInZone,
  formatDayIso,
  formatInstant,
  weekdayNames,
} from './day-format';

describe('formatDayIso', () => {
  it('writes day before month in the tenant language', () => {
    expect(formatDayIso('2026-12-07', 'en')).toBe('Mon 7 Dec 2026');
    expect(formatDayIso('2026-12-07', 'sw')).toBe('Jumatatu 7 Des 2026');
    expect(formatDayIso('2026-03-01', 'sw')).toBe('Jumapili 1 Mac 2026');
    expect(formatDayIso('2026-12-07', 'en', 'long')).toBe('Monday 7 December 2026');
    expect(formatDayIso('2026-08-15', 'sw', 'long')).toBe('Jumamosi 15 Agosti 2026');
    expect(formatDayIso('2026-12-07', 'sw', 'month')).toBe('Desemba 2026');
    expect(formatDayIso('2026-12-07', 'sw', 'noYear')).toBe('Jumatatu 7 Des');
  });
  it('refuses what is not a day', () => {
    expect(() => formatDayIso('12/07/2026', 'en')).toThrow(/not a day/);
  });
  it('picks the console language and the zone day', () => {
    expect(consoleLanguage(['sw', 'en'])).toBe('sw');
    expect(consoleLanguage(['en', 'sw'])).toBe('en');
    expect(consoleLanguage(['fr'])).toBe('en');
    expect(consoleLanguage(undefined)).toBe('en');
    // 22:30 UTC on 6 Dec is already 7 Dec in Nairobi (+03:00).
    const ms = Date.UTC(2026, 11, 6, 22, 30);
    expect(dayInZone(ms, 'Africa/Nairobi')).toBe('2026-12-07');
    expect(dayInZone(ms, 'UTC')).toBe('2026-12-06');
    expect(weekdayNames('en')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(new Set(weekdayNames('sw')).size).toBe(7);
  });
});

describe('instants in the tenant zone', () => {
  // 21:05:09 UTC on Sun 6 Dec 2026 is 00:05 on Monday in Nairobi and 13:05 on Sunday in LA.
  const ms = Date.UTC(2026, 11, 6, 21, 5, 9);
  it('writes a 24-hour clock in the zone', () => {
    expect(clockInZone(ms, 'Africa/Nairobi')).toBe('00:05');
    expect(clockInZone(ms, 'America/Los_Angeles')).toBe('13:05');
    expect(clockInZone(ms, 'Africa/Nairobi', true)).toBe('00:05:09');
  });
  it('writes the day and time in the tenant language', () => {
    expect(formatInstant(ms, 'sw', 'Africa/Nairobi')).toBe('Jumatatu 7 Des 2026 00:05');
    expect(formatInstant(ms, 'en', 'America/Los_Angeles')).toBe('Sun 6 Dec 2026 13:05');
    expect(formatInstant(ms, 'sw', 'Africa/Nairobi', 'noYear')).toBe('Jumatatu 7 Des 00:05');
  });
});
