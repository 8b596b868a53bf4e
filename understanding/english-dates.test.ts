import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const dateOf = (text: string, now = NOW, timezone = NAIROBI) =>
  parser.parse(text, { now, timezone }).date;

// NOW is Wednesday 2026-11-18, 10:00 in Nairobi.
describe('English dates', () => {
  it.each(cases('english-dates'))('"%s" is %s', (text, date) => {
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
