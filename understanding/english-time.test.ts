import { describe, expect, it } from 'vitest';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

describe('English times', () => {
  it.each([
    ['3pm', '15:00'],
    ['3 pm', '15:00'],
    ['3 p.m.', '15:00'],
    ['11am', '11:00'],
    ['12pm', '12:00'],
    ['12am', '00:00'],
    ['15:00', '15:00'],
    ['09:30', '09:30'],
    ['3:30pm', '15:30'],
    ['3.30pm', '15:30'],
    ['1500hrs', undefined],
    // bare hours are read within business hours
    ['at 3', '15:00'],
    ['at 9', '09:00'],
    ['at 7', '07:00'],
    ['at 12', '12:00'],
    ['@4', '16:00'],
    ['around 10', '10:00'],
    ['3:30', '15:30'],
    ["at 5 o'clock", '17:00'],
    ['4ish', '16:00'],
    ['at three', '15:00'],
    ['four thirty pm', undefined],
    ['noon', '12:00'],
    ['midday', '12:00'],
    ['half past 3', '15:30'],
    ['quarter to 4', '15:45'],
    ['quarter past ten', '10:15'],
    // period words override the business-hours reading
    ['at 8 in the evening', '20:00'],
    ['tonight at 7', '19:00'],
    ['tomorrow morning at 10', '10:00'],
    ['friday at 2 in the afternoon', '14:00'],
    // in sentences
    ['can I come tomorrow at 3?', '15:00'],
    ['pedicure friday 3pm', '15:00'],
    ['book me for 10:15 am please', '10:15'],
  ])('"%s" is %s', (text, time) => {
    expect(parse(text).time).toBe(time);
  });

  it.each(['3', 'the 3rd', '15/12', 'option 3', 'I have 2 kids', '1.5', 'between 3-4 days'])(
    '"%s" is no time',
    (text) => {
      expect(parse(text).time).toBeUndefined();
    },
  );
});
