import { describe, expect, it } from 'vitest';
import { listCases } from './fixtures/cases';
import { editDistance, FuzzyVocabulary, maxEditsFor } from './fuzzy-match';

describe('FuzzyVocabulary', () => {
  const vocabulary = new FuzzyVocabulary<string>(
    [
      ['pedicure', 'pedicure'],
      ['nails', 'manicure'],
      ['cut', 'haircut'],
      ['massage', 'massage'],
    ],
    new Set(['message']),
  );
  const values = (word: string) => vocabulary.lookup(word).map((h) => h.value);

  it.each(listCases('fuzzy-words'))('%s -> %j', (word, expected) => {
    expect(values(word)).toEqual(expected);
  });

  it.each(['cat', 'but', 'message', 'pdcr', '12345', ''])('%s matches nothing', (word) => {
    expect(values(word)).toEqual([]);
  });

  it('rates exact matches above typos', () => {
    expect(vocabulary.lookup('pedicure')[0]?.similarity).toBe(1);
    expect(vocabulary.lookup('pedicur')[0]?.similarity).toBeLessThan(1);
  });
});

describe('editDistance', () => {
  it.each([
    ['haircut', 'haricut', 1],
    ['haircut', 'haircut', 0],
    ['haircut', 'hiarcut', 1],
    ['kesho', 'kehso', 1],
    ['jumatatu', 'jumatano', 2],
    ['kesho', 'kusuka', 4],
  ])('%s / %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('allows more typos in longer words', () => {
    expect([3, 4, 5, 7, 8, 12].map(maxEditsFor)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
