/**
 * Finds known phrases in a list of words, leftmost-longest and without overlaps, so "mtu yeyote"
 * (anyone) is one hit and never also "mtu" (a person), and "good morning" is a greeting rather
 * than a part of the day. Phrases are indexed by their first word when the matcher is built.
 */

export interface PhraseHit<T> {
  tag: T;
  /** Index of the first word of the hit. */
  start: number;
  /** Index after the last word of the hit. */
  end: number;
}

interface Entry<T> {
  words: string[];
  tag: T;
}

export class PhraseMatcher<T> {
  readonly #byFirstWord = new Map<string, Entry<T>[]>();

  constructor(phrases: Iterable<readonly [phrase: string, tag: T]>) {
    for (const [phrase, tag] of phrases) {
      const words = phrase.split(' ').filter((w) => w.length > 0);
      const first = words[0];
      if (first === undefined) continue;
      const entries = this.#byFirstWord.get(first) ?? [];
      if (entries.some((e) => e.words.join(' ') === words.join(' '))) {
        throw new Error(`phrase listed twice: "${phrase}"`);
      }
      entries.push({ words, tag });
      entries.sort((a, b) => b.words.length - a.words.length);
      this.#byFirstWord.set(first, entries);
    }
  }

  match(words: readonly string[]): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    let i = 0;
    while (i < words.length) {
      const entry = this.#longestAt(words, i);
      if (entry === undefined) {
        i += 1;
        continue;
      }
      hits.push({ tag: entry.tag, start: i, end: i + entry.words.length });
      i += entry.words.length;
    }
    return hits;
  }

  #longestAt(words: readonly string[], at: number): Entry<T> | undefined {
    const first = words[at];
    const entries = first === undefined ? undefined : this.#byFirstWord.get(first);
    if (entries === undefined) return undefined;
    return entries.find((entry) => entry.words.every((w, k) => words[at + k] === w));
  }
}
