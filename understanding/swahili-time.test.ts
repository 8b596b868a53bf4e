import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import { formatTime } from './calendar';
import { findSwahiliTime, fitsPeriod, hourForPeriod } from './swahili-time';
import type { PartOfDay } from '../contract';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

describe('Swahili clock time', () => {
  it.each(cases('swahili-times'))('"%s" is %s', (text, time) => {
    expect(parse(text).time).toBe(time);
  });

  it.each(['saa ngapi', 'saa yoyote', 'saa', 'masaa', 'saa 99', 'saa kumi na tisa'])(
    '"%s" is no time',
    (text) => {
      expect(parse(text).time).toBeUndefined();
    },
  );

  it('reports where the time starts', () => {
    expect(findSwahiliTime(['kesho', 'saa', 'tisa'], undefined)).toEqual({
      minuteOfDay: 900,
      at: 1,
    });
  });

  it.each<[number, PartOfDay | undefined, string]>([
    [7, undefined, '07:00'],
    [6, undefined, '18:00'],
    [12, 'night', '00:00'],
    [1, 'night', '01:00'],
    [9, 'night', '21:00'],
    [2, 'afternoon', '14:00'],
  ])('hour %i with period %s is %s', (hour12, period, time) => {
    expect(formatTime(hourForPeriod(hour12, period) * 60)).toBe(time);
  });

  it('night wraps past midnight', () => {
    expect(fitsPeriod(23 * 60, 'night')).toBe(true);
    expect(fitsPeriod(2 * 60, 'night')).toBe(true);
    expect(fitsPeriod(12 * 60, 'night')).toBe(false);
  });
});

describe('part of day without a time', () => {
  it.each(cases('parts-of-day'))('"%s" is %s', (text, partOfDay) => {
    const u = parse(text);
    expect(u.partOfDay).toBe(partOfDay);
    expect(u.time).toBeUndefined();
  });

  it.each(['good morning', 'habari za asubuhi', 'good evening', 'habari ya jioni'])(
    'the greeting "%s" names no part of the day',
    (text) => {
      expect(parse(text).partOfDay).toBeUndefined();
    },
  );

  it('is left out when a time is given', () => {
    expect(parse('saa tisa mchana')).toMatchObject({ time: '15:00' });
    expect(parse('saa tisa mchana').partOfDay).toBeUndefined();
  });
});
