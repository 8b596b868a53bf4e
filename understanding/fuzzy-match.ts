import { distance } from 'fastest-levenshtein';

/**
 * Looks words up in a small vocabulary, tolerating typos: exact first, then a plural/singular
 * variant ("nail" -> "nails"), then Levenshtein distance scaled to the word's length (none up to 4
 * letters, 1 up to 7, 2 from 8). Words in `knownWords` (ordinary English/Swahili words) are only
 * matched exactly, so "message" never becomes "massage". Results are memoized per word.
 */

export interface FuzzyHit<T> {
  value: T;
  /** 1 for an exact match, less for a typo. */
  similarity: number;
}

const MEMO_LIMIT = 10_000;

export function maxEditsFor(length: number): number {
  if (length <= 4) return 0;
  return length <= 7 ? 1 : 2;
}

export class FuzzyVocabulary<T> {
  readonly #exact = new Map<string, T[]>();
  readonly #entries: { word: string; values: T[] }[] = [];
  readonly #memo = new Map<string, FuzzyHit<T>[]>();
  readonly #knownWords: ReadonlySet<string>;

  constructor(
    entries: Iterable<readonly [word: string, value: T]>,
    knownWords: ReadonlySet<string>,
  ) {
    this.#knownWords = knownWords;
    for (const [word, value] of entries) {
      const values = this.#exact.get(word);
      if (values === undefined) this.#exact.set(word, [value]);
      else if (!values.includes(value)) values.push(value);
    }
    for (const [word, values] of this.#exact) this.#entries.push({ word, values });
  }

  lookup(word: string): readonly FuzzyHit<T>[] {
    const memo = this.#memo.get(word);
    if (memo !== undefined) return memo;
    const hits = this.#compute(word);
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
    this.#memo.set(word, hits);
    return hits;
  }

  #compute(word: string): FuzzyHit<T>[] {
    const exact = this.#exact.get(word);
    if (exact !== undefined) return exact.map((value) => ({ value, similarity: 1 }));
    if (word.length < 3 || /\d/.test(word)) return [];
    const variant = this.#exact.get(word.endsWith('s') ? word.slice(0, -1) : `${word}s`);
    if (variant !== undefined) return variant.map((value) => ({ value, similarity: 0.95 }));
    if (this.#knownWords.has(word)) return [];
    const maxEdits = maxEditsFor(word.length);
    if (maxEdits === 0) return [];
    let best = maxEdits + 1;
    let found: T[] = [];
    for (const entry of this.#entries) {
      if (Math.abs(entry.word.length - word.length) > maxEdits) continue;
      if (maxEditsFor(entry.word.length) === 0) continue;
      const d = editDistance(word, entry.word);
      if (d < best) {
        best = d;
        found = [...entry.values];
      } else if (d === best) {
        for (const value of entry.values) if (!found.includes(value)) found.push(value);
      }
    }
    if (best > maxEdits) return [];
    const similarity = 1 - best / Math.max(word.length, 1);
    return found.map((value) => ({ value, similarity }));
  }
}

/** Levenshtein distance, counting one swap of neighbouring letters as a single edit. */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  return d === 2 && isAdjacentSwap(a, b) ? 1 : d;
}

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return (
    i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
  );
}
