import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';

const words = (text: string) => normalizeText(text, 500).words;

describe('normalizeText', () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ['ＨＡＩＲＣＵＴ', ['haircut']], // full-width (NFKC)
    ['café naïve', ['cafe', 'naive']], // diacritics
    ['hair\u200Bcut', ['haircut']], // zero-width space
    ['\uFEFFkesho', ['kesho']], // BOM
    ['kesho\tsaa\ntisa', ['kesho', 'saa', 'tisa']], // control characters
    ["don't", ['dont']],
    ['Achieng’', ['achieng']],
    ['asanteee sanaaa', ['asante', 'sana']], // elongation
    ['heeey', ['hey']],
    ['ijumaa', ['ijumaa']], // a real double letter stays
    ['3 p.m.', ['3', 'pm']],
    ['3:30pm.', ['3:30pm']],
    ['15/12', ['15/12']],
    ['M-Pesa?', ['m-pesa']],
    ['No. 2', ['number', '2']],
    ['👍', ['emoji-yes']],
    ['🙏🏾', ['emoji-thanks']],
    ['😀', []],
    ['', []],
  ])('%j -> %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('notices a question mark', () => {
    expect(normalizeText('kuna parking?', 500).question).toBe(true);
    expect(normalizeText('kuna parking', 500).question).toBe(false);
  });

  it('only reads the first maxChars characters', () => {
    const long = `${'haircut '.repeat(100)}kesho`;
    const { words: w, text } = normalizeText(long, 40);
    expect(w).not.toContain('kesho');
    expect(text.length).toBeLessThanOrEqual(80);
  });

  it('caps the number of words', () => {
    expect(normalizeText('a '.repeat(400), 10_000).words.length).toBeLessThanOrEqual(120);
  });
});
