import { describe, expect, it } from 'vitest';
import { parserReader } from './testing/reader';
import type { SpokenChoice } from './speech-rendering';
import { createChoiceMatcher, normalizeSpoken } from './spoken-choice';

const m = createChoiceMatcher({
  read: parserReader('Africa/Nairobi', () => Date.UTC(2026, 10, 18, 7)),
});

const choices = (...titles: string[]): SpokenChoice[] =>
  titles.map((title, i) => ({ n: i + 1, id: `c${i + 1}`, title }));

const STAFF = choices('Wanjiku', 'Baraka', 'Anyone');
const SLOTS_EN = choices('3:00 pm', '3:30 pm', '4:00 pm');
const SLOTS_SW = choices('saa tisa mchana', 'saa tisa na nusu mchana', 'saa kumi jioni');

describe('spoken choices', () => {
  it.each([
    ['two', 2],
    ['the second one', 2],
    ['number three', 3],
    ['Baraka', 2],
    ['with wanjiku please', 1],
    ['anyone', 3],
  ])('English: %j picks %i', (said, n) => {
    expect(m.match(said, STAFF, 'en')?.n).toBe(n);
  });

  it.each([
    ['ya pili', 2],
    ['namba tatu', 3],
    ['mbili', 2],
    ['saa tisa', 1],
    ['saa kumi jioni', 3],
  ])('Swahili: %j picks %i', (said, n) => {
    const list = said.startsWith('saa') ? SLOTS_SW : STAFF;
    expect(m.match(said, list, 'sw')?.n).toBe(n);
  });

  it('a spoken time picks the slot at that time, however the recogniser wrote it', () => {
    expect(m.match('three p m', SLOTS_EN, 'en')?.n).toBe(1);
    expect(m.match('4 pm please', SLOTS_EN, 'en')?.n).toBe(3);
    // "three" alone is a choice number, not a time.
    expect(m.match('three', SLOTS_EN, 'en')?.n).toBe(3);
  });

  it('is not a pick when nothing fits: the words go to the thread as they are', () => {
    expect(m.match('five', STAFF, 'en')).toBeNull();
    expect(m.match('yes', choices('Yes, continue', 'Start over'), 'en')).toBeNull();
    expect(m.match('at six pm', SLOTS_EN, 'en')).toBeNull();
    expect(m.match('two', [], 'en')).toBeNull();
    // Regression: the menu's "Book" swallowed a whole request (its service, day and time lost).
    const menu = choices('Book', 'My bookings', 'Cancel a booking');
    expect(m.match('i would like to book a haircut on friday at three pm', menu, 'en')).toBeNull();
    expect(m.match('book please', menu, 'en')?.n).toBe(1);
    expect(m.match('', STAFF, 'en')).toBeNull();
  });

  it('normalizes what recognisers write', () => {
    expect(normalizeSpoken('Three P.M., please!')).toBe('three pm please');
    expect(normalizeSpoken('nine a m')).toBe('nine am');
  });
});
