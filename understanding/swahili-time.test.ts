import { describe, expect, it } from 'vitest';
import { formatTime } from './calendar';
import { findSwahiliTime, fitsPeriod, hourForPeriod } from './swahili-time';
import type { PartOfDay } from '../contract';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

describe('Swahili clock time', () => {
  it.each([
    // hours counted from 06:00, read within business hours when no period word is given
    ['saa moja', '07:00'],
    ['saa mbili', '08:00'],
    ['saa tatu', '09:00'],
    ['saa nne', '10:00'],
    ['saa tano', '11:00'],
    ['saa sita', '12:00'],
    ['saa saba', '13:00'],
    ['saa nane', '14:00'],
    ['saa tisa', '15:00'],
    ['saa kumi', '16:00'],
    ['saa kumi na moja', '17:00'],
    ['saa kumi na mbili', '18:00'],
    // period words pick the half of the day
    ['saa tisa mchana', '15:00'],
    ['saa tatu asubuhi', '09:00'],
    ['saa mbili usiku', '20:00'],
    ['saa nne usiku', '22:00'],
    ['saa sita usiku', '00:00'],
    ['saa moja jioni', '19:00'],
    ['saa kumi na mbili jioni', '18:00'],
    ['saa tano mchana', '11:00'],
    ['saa kumi na moja asubuhi', '05:00'],
    ['asubuhi saa mbili', '08:00'],
    // minutes
    ['saa tatu na nusu', '09:30'],
    ['saa nane na robo', '14:15'],
    ['saa nne kasorobo', '09:45'],
    ['saa nne kasoro robo', '09:45'],
    ['saa tisa na dakika kumi', '15:10'],
    ['saa tisa na dakika ishirini na tano', '15:25'],
    ['saa tano kasoro dakika tano', '10:55'],
    // digits after "saa" are Swahili clock time
    ['saa 3', '09:00'],
    ['saa 9', '15:00'],
    ['saa 10', '16:00'],
    ['saa 2 usiku', '20:00'],
    ['saa 3:30', '09:30'],
    ['saa 4 na nusu', '10:30'],
    // ... unless they carry am/pm or are 13 or more
    ['saa 3pm', '15:00'],
    ['saa 10 am', '10:00'],
    ['saa 15:00', '15:00'],
    // ... or only the international reading fits the period word
    ['saa 10 asubuhi', '10:00'],
    ['saa 9 asubuhi', '09:00'],
    ['saa 7 jioni', '19:00'],
    // in a sentence
    ['nataka haircut kesho saa tisa', '15:00'],
    ['niko free saa kumi na moja jioni', '17:00'],
  ])('"%s" is %s', (text, time) => {
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
  it.each([
    ['asubuhi', 'morning'],
    ['kesho mchana', 'afternoon'],
    ['alasiri', 'afternoon'],
    ['leo jioni', 'evening'],
    ['usiku', 'night'],
    ['tomorrow morning', 'morning'],
    ['in the afternoon', 'afternoon'],
    ['this evening', 'evening'],
    ['tonight', 'evening'],
    ['at night', 'night'],
  ])('"%s" is %s', (text, partOfDay) => {
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
