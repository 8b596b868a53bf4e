/**
 * Turns raw customer text into a bounded, canonical form: NFKC, no diacritics, no zero-width or
 * control characters, lower case, elongations collapsed ("asanteee" -> "asante"), and split into
 * words. Everything downstream works on this, so odd Unicode cannot reach the rules.
 */

export interface NormalizedText {
  /** Lower-case text with only letters, digits, spaces and `: / . - @` left. */
  text: string;
  /** `text` split on spaces, with punctuation trimmed from the ends of each word. */
  words: string[];
  /** The message contained a question mark. */
  question: boolean;
}

/** Emoji that carry meaning, mapped to language-neutral pseudo-words. */
const EMOJI_WORDS: readonly [RegExp, string][] = [
  [/[\u{1F44D}\u{1F44C}\u2705\u2714\u2611]/gu, ' emoji-yes '],
  [/[\u{1F44E}\u274C\u2716]/gu, ' emoji-no '],
  [/\u{1F64F}/gu, ' emoji-thanks '],
];

const MAX_WORDS = 120;
/** Most messages: nothing for Unicode folding to do. */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** NFKC, emoji to pseudo-words, no diacritics, no zero-width or bidi characters. */
function foldUnicode(input: string): string {
  let text = input.normalize('NFKC').toLowerCase().normalize('NFD'); // lower first: İ -> i̇
  for (const [pattern, word] of EMOJI_WORDS) text = text.replace(pattern, word);
  return text
    .replace(/\p{M}+/gu, '') // diacritics
    .replace(/\p{Cf}+/gu, '') // zero-width, BOM, bidi controls
    .replace(/[\u2018\u2019\u02BC\u00B4]/gu, "'");
}

export function normalizeText(raw: string, maxChars: number): NormalizedText {
  let text = raw.length > maxChars ? raw.slice(0, maxChars) : raw;
  const ascii = PRINTABLE_ASCII.test(text);
  if (!ascii) text = foldUnicode(text);
  const question = /[?\u00BF\u061F]/u.test(text);
  text = text.replace(/['`]/g, '').toLowerCase(); // don't -> dont, Achieng' -> Achieng
  if (text.includes('.')) {
    text = text
      .replace(/(?<![a-z])(a|p)\.\s?m\b\.?/g, '$1m') // p.m. -> pm
      .replace(/\bno\.\s*(?=\d)/g, 'number '); // "No. 2" -> "number 2"
  }
  text = text.replace(/[^\p{L}\p{N}:/.\-@]+/gu, ' ');
  text = ascii
    ? text.replace(/([a-z])\1{2,}/g, '$1') // heeey -> hey, sawaaa -> sawa
    : text.replace(/(\p{L})\1{2,}/gu, '$1');
  text = text.trim();
  if (text.length > maxChars * 2) text = text.slice(0, maxChars * 2);
  const words: string[] = [];
  for (const piece of text.split(' ')) {
    const word = piece.replace(/^[:/.\-@]+|[:/.\-@]+$/g, '');
    if (word.length > 0) words.push(word);
    if (words.length >= MAX_WORDS) break;
  }
  return { text, words, question };
}
