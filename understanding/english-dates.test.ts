import { describe, expect, it } from 'vitest';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const dateOf = (text: string, now = NOW, timezone = NAIROBI) =>
  parser.parse(text, { now, timezone }).date;

// NOW is Wednesday 2026-11-18, 10:00 in Nairobi.
describe('English dates', () => {
  it.each([
    ['today', '2026-11-18'],
    ['tomorrow', '2026-11-19'],
    // Regression: "yesterday" was dropped, and "yesterday at 2pm" was booked today at 14:00.
    ['yesterday', '2026-11-17'],
    ['yesterday at 2pm', '2026-11-17'],
    ['tmrw', '2026-11-19'],
    ['tomoro', '2026-11-19'],
    ['day after tomorrow', '2026-11-20'],
    ['the day after tomorrow', '2026-11-20'],
    ['tonight', '2026-11-18'],
    ['Friday', '2026-11-20'],
    ['fri', '2026-11-20'],
    ['thurs', '2026-11-19'],
    ['weds at 11', '2026-11-18'], // 11:00 is still ahead today
    ['on Monday', '2026-11-23'],
    ['Wednesday', '2026-11-25'],
    ['Wednesday 3pm', '2026-11-18'],
    ['Wednesday at 9', '2026-11-25'],
    ['this Wednesday', '2026-11-18'],
    ['this Friday', '2026-11-20'],
    ['next Friday', '2026-11-27'],
    ['next Monday', '2026-11-23'],
    ['Friday next week', '2026-11-27'],
    ['next week', '2026-11-23'],
    ['this weekend', '2026-11-21'],
    ['Dec 15', '2026-12-15'],
    ['15 Dec', '2026-12-15'],
    ['December 15th', '2026-12-15'],
    ['15th of December', '2026-12-15'],
    ['Nov 18', '2026-11-18'],
    ['Nov 10', '2027-11-10'],
    ['15 Dec 2027', '2027-12-15'],
    ['on the 20th', '2026-11-20'],
    ['in 3 days', '2026-11-21'],
    ['right now', '2026-11-18'],
    ['can I come in tomorrow at 3?', '2026-11-19'],
    ['pedicure friday 3pm', '2026-11-20'],
    // the day after "not" / "instead of" is the one they do not want
    ['Not Friday, Saturday', '2026-11-21'],
    ['Saturday instead of Friday', '2026-11-21'],
    ['instead of Friday can I come on Saturday', '2026-11-21'],
  ])('"%s" is %s', (text, date) => {
    expect(dateOf(text)).toBe(date);
  });

  it.each(['3pm', 'not now', 'December', 'I may come', 'second', '2'])(
    '"%s" has no date',
    (text) => {
      expect(dateOf(text)).toBeUndefined();
    },
  );

  it('uses the tenant time zone for the reference day', () => {
    // 22:30 UTC on the 18th is already the 19th in Nairobi, still the 18th in UTC
    const lateNight = Date.UTC(2026, 10, 18, 22, 30);
    expect(dateOf('tomorrow', lateNight)).toBe('2026-11-20');
    expect(dateOf('tomorrow', lateNight, 'UTC')).toBe('2026-11-19');
    expect(dateOf('today', lateNight)).toBe('2026-11-19');
  });

  it('reads an unknown time zone as UTC instead of failing', () => {
    expect(dateOf('tomorrow', NOW, 'Not/AZone')).toBe('2026-11-19');
  });
});
