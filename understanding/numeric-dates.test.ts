import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { findNumericDate } from './numeric-dates';

const parser = createEmbeddedParser(DEMO_CATALOG);
const dateOf = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI }).date;

describe('numeric dates (day first, as in Kenya)', () => {
  it.each(cases('numeric-dates'))('"%s" is %s', (text, date) => {
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
