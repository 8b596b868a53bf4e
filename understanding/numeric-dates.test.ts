import { describe, expect, it } from 'vitest';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { findNumericDate } from './numeric-dates';

const parser = createEmbeddedParser(DEMO_CATALOG);
const dateOf = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI }).date;

describe('numeric dates (day first, as in Kenya)', () => {
  it.each([
    ['15/12', '2026-12-15'],
    ['1/2', '2027-02-01'],
    ['18/11', '2026-11-18'],
    ['15/12/2026', '2026-12-15'],
    ['15/12/27', '2027-12-15'],
    ['15-12-2026', '2026-12-15'],
    ['15.12.2026', '2026-12-15'],
    ['tarehe 24/12', '2026-12-24'],
    ['haircut on 20/11 at 3pm', '2026-11-20'],
  ])('"%s" is %s', (text, date) => {
    expect(dateOf(text)).toBe(date);
  });

  it.each(['12/15', '32/1', '3-4pm', '3.30', '0/0'])('"%s" is no date', (text) => {
    expect(findNumericDate(text)).toBeUndefined();
  });

  it('never reads a month-first date, not even through chrono', () => {
    // chrono's own slash parser (dropped from our configuration) read "12/15" as 15 December
    expect(dateOf('12/15')).toBeUndefined();
    expect(dateOf('come on 12/15 please')).toBeUndefined();
  });
});
