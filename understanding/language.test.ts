import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import type { Language } from '../contract';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { ENGLISH_WORDS, SWAHILI_WORDS } from './language';

const parser = createEmbeddedParser(DEMO_CATALOG);
const languageOf = (text: string, previousLanguage?: Language) =>
  parser.parse(text, { now: NOW, timezone: NAIROBI, previousLanguage }).language;

describe('language', () => {
  it.each(cases('languages'))('"%s" is %s', (text, language) => {
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
