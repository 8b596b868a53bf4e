import type { Language } from '../contract';
import type { UtteranceReader } from './ports';
import { memoReader } from './language';
import type { SpokenChoice } from './speech-rendering';

/**
 * Which of the choices just offered the caller picked, from what they said: "two", "the second
 * one", "number two", "ya pili", "namba mbili", a spoken time ("three p.m.", "saa tisa") that
 * is the time of exactly one choice, or the words of exactly one title ("Wanjiku", "anyone").
 * Null when it is not a pick: the words then go to the thread as they are.
 */

export interface ChoiceMatcherOptions {
  /** The understanding's reading of a few words (times, choice numbers). */
  read: UtteranceReader;
}

export interface ChoiceMatcher {
  match(text: string, choices: readonly SpokenChoice[], lang: Language): SpokenChoice | null;
}

const STOP = new Set([
  'the',
  'and',
  'with',
  'for',
  'one',
  'yes',
  'ndiyo',
  'na',
  'ya',
  'kwa',
  'saa',
  'at',
  'pm',
  'am',
]);

/** Recognisers write "p m" / "p.m."; the parser reads "pm". */
export function normalizeSpoken(text: string): string {
  return joinMeridiem(text.toLowerCase())
    .replace(/[^\p{L}\p{N}:\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "three p m" -> "three pm": what the thread's parser reads as a time. */
export function joinMeridiem(text: string): string {
  return text.replace(/\b([ap])\.?\s?m\b\.?/gi, '$1m');
}

const words = (s: string) => normalizeSpoken(s).split(' ').filter(Boolean);

export function createChoiceMatcher(options: ChoiceMatcherOptions): ChoiceMatcher {
  const parse = (text: string, lang: Language) => options.read(text, lang);
  // A choice's time is read once per title, not on every utterance nor every offer (each reply
  // offers new choice objects, mostly with the same titles: "3:00 pm").
  const titles = memoReader(options.read);
  const timeOf = (c: SpokenChoice, lang: Language) => titles(c.title, lang).time ?? null;

  return {
    match(text, choices, lang) {
      if (!choices.length) return null;
      const said = normalizeSpoken(text);
      if (!said) return null;
      const exact = choices.find((c) => normalizeSpoken(c.title) === said);
      if (exact) return exact;
      const u = parse(said, lang);
      if (u.time) {
        const at = choices.filter((c) => timeOf(c, lang) === u.time);
        if (at.length === 1) return at[0]!;
      }
      if (u.choice !== undefined && !u.time) {
        const picked = choices.find((c) => c.n === u.choice);
        if (picked) return picked;
      }
      // A title's words pick it only in a short answer ("Baraka", "with Wanjiku please"):
      // "I would like to book a haircut on Friday" is a request, not the menu's "Book".
      const said_ = words(said);
      const heard = new Set(said_);
      const byTitle = choices.filter((c) => {
        const key = words(c.title).filter((w) => w.length > 2 && !STOP.has(w) && !/\d/.test(w));
        return key.length > 0 && said_.length <= key.length + 2 && key.every((w) => heard.has(w));
      });
      return byTitle.length === 1 ? byTitle[0]! : null;
    },
  };
}
