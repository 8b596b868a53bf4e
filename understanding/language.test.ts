import { describe, expect, it } from 'vitest';
import type { Language } from '../contract';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { ENGLISH_WORDS, SWAHILI_WORDS } from './language';

const parser = createEmbeddedParser(DEMO_CATALOG);
const languageOf = (text: string, previousLanguage?: Language) =>
  parser.parse(text, { now: NOW, timezone: NAIROBI, previousLanguage }).language;

describe('language', () => {
  it.each([
    ['I want to book a haircut tomorrow', 'en'],
    ['what time do you close?', 'en'],
    ['nataka kusuka kesho asubuhi', 'sw'],
    ['niko na hamu ya kubook haircut kesho saa tisa', 'sw'],
    ['habari, bei ya pedicure ni ngapi?', 'sw'],
    ['sitaweza kuja, nicancelie', 'sw'],
    ['Naweza kubook pedi kesho?', 'sw'],
    ['can I book for kesho?', 'en'],
    ['asante sana', 'sw'],
    ['thank you', 'en'],
  ])('"%s" is %s', (text, language) => {
    expect(languageOf(text)).toBe(language);
  });

  it.each(['ok', '1', '👍', '', 'haircut', 'Wanjiku', '15:00', '😀😀'])(
    'the neutral "%s" keeps the previous language',
    (text) => {
      expect(languageOf(text, 'sw')).toBe('sw');
      expect(languageOf(text, 'en')).toBe('en');
      expect(languageOf(text)).toBe('en');
    },
  );

  it('sends an even mix to the previous language, else to Swahili', () => {
    expect(languageOf('book kesho')).toBe('sw');
    expect(languageOf('book kesho', 'en')).toBe('en');
  });

  it('has no word in both lists', () => {
    expect([...SWAHILI_WORDS].filter((w) => ENGLISH_WORDS.has(w))).toEqual([]);
  });
});
