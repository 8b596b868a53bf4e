import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const dateOf = (text: string, now = NOW) => parser.parse(text, { now, timezone: NAIROBI }).date;

// NOW is Wednesday 2026-11-18, 10:00 in Nairobi.
describe('Swahili dates', () => {
  it.each(cases('swahili-dates'))('"%s" is %s', (text, date) => {
    expect(dateOf(text)).toBe(date);
  });

  it('counts days in the tenant time zone, not UTC', () => {
    // 22:30 UTC on the 18th is 01:30 on the 19th in Nairobi
    const lateNight = Date.UTC(2026, 10, 18, 22, 30);
    expect(dateOf('leo', lateNight)).toBe('2026-11-19');
    expect(dateOf('kesho', lateNight)).toBe('2026-11-20');
  });

  it('rolls over the year', () => {
    const newYearsEve = Date.UTC(2026, 11, 31, 9, 0);
    expect(dateOf('kesho', newYearsEve)).toBe('2027-01-01');
    expect(dateOf('tarehe 5', newYearsEve)).toBe('2027-01-05');
  });
});
