import { FuzzyVocabulary } from './fuzzy-match';
import { ENGLISH_WORDS, SWAHILI_WORDS } from './language';
import { normalizeText } from './normalize';
import type { NluCatalog } from './types';

/**
 * Finds the tenant's services and staff in a message. Built once per catalog.
 *
 * Services are scored like a tiny search engine: every word of every name and alias is indexed,
 * weighted by how specific it is (a word shared by two services counts half, generic words such
 * as "hair" or "mwili" count 0.3, and a word that is a whole name or alias on its own earns a
 * bonus, a small one if other services use it too). "kucha za miguu" thus ranks the pedicure ("kutengeneza kucha za miguu") above the
 * manicure (alias "kucha"). Services scoring under 0.5, or under 60% of the best, are dropped.
 */

const NAME_STOPWORDS = new Set('ya za wa la na kwa of the and a an for with'.split(' '));
const GENERIC_WORDS = new Set(
  'hair nywele body mwili mzima full kutengeneza service services huduma style treatment'.split(
    ' ',
  ),
);
const EXTRA_KNOWN_WORDS = ['message', 'messages', 'massages', 'manage', 'meeting', 'mpesa'];

const WHOLE_NAME_BONUS = 0.5;
/** A whole alias that other services' names also contain ("kucha"): only a tie-breaker. */
const SHARED_WHOLE_NAME_BONUS = 0.1;
const MIN_SERVICE_SCORE = 0.5;
const RELATIVE_SERVICE_SCORE = 0.6;

interface ServiceWord {
  serviceId: string;
  weight: number;
}

export class CatalogIndex {
  readonly #services: FuzzyVocabulary<ServiceWord>;
  readonly #staff: FuzzyVocabulary<string>;
  readonly #serviceOrder: Map<string, number>;

  constructor(catalog: NluCatalog) {
    const knownWords = new Set([...SWAHILI_WORDS, ...ENGLISH_WORDS, ...EXTRA_KNOWN_WORDS]);
    this.#services = new FuzzyVocabulary(serviceEntries(catalog), knownWords);
    this.#staff = new FuzzyVocabulary(staffEntries(catalog), knownWords);
    this.#serviceOrder = new Map(catalog.services.map((s, i) => [s.id, i]));
  }

  /** Service ids mentioned in `words`, best match first. */
  matchServices(words: readonly string[]): string[] {
    const scores = new Map<string, { score: number; first: number; seen: Set<string> }>();
    const add = (key: string, at: number, hit: { value: ServiceWord; similarity: number }) => {
      const { serviceId, weight } = hit.value;
      const entry = scores.get(serviceId) ?? { score: 0, first: at, seen: new Set<string>() };
      if (entry.seen.has(key)) return;
      entry.seen.add(key);
      entry.score += weight * hit.similarity;
      scores.set(serviceId, entry);
    };
    words.forEach((word, at) => {
      for (const hit of this.#services.lookup(word)) add(word, at, hit);
      const next = words[at + 1];
      if (next !== undefined) {
        const compound = `${word}${next}`; // "hair cut" -> "haircut"
        for (const hit of this.#services.lookup(compound)) {
          if (hit.similarity === 1) add(compound, at, hit);
        }
      }
    });
    const best = Math.max(0, ...[...scores.values()].map((s) => s.score));
    return [...scores.entries()]
      .filter(([, s]) => s.score >= MIN_SERVICE_SCORE && s.score >= best * RELATIVE_SERVICE_SCORE)
      .sort(
        ([idA, a], [idB, b]) =>
          b.score - a.score ||
          a.first - b.first ||
          (this.#serviceOrder.get(idA) ?? 0) - (this.#serviceOrder.get(idB) ?? 0),
      )
      .map(([id]) => id);
  }

  /** The staff member named in `words`, if exactly one stands out. */
  matchStaff(words: readonly string[]): string | undefined {
    const scores = new Map<string, number>();
    const seen = new Set<string>();
    for (const word of words) {
      if (seen.has(word)) continue;
      seen.add(word);
      for (const hit of this.#staff.lookup(word)) {
        scores.set(hit.value, (scores.get(hit.value) ?? 0) + hit.similarity);
      }
    }
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    if (first === undefined || (second !== undefined && second[1] === first[1])) return undefined;
    return first[0];
  }
}

function serviceEntries(catalog: NluCatalog): [string, ServiceWord][] {
  const wordsByService = catalog.services.map((service) => {
    const tokens = new Set<string>();
    const wholeNames = new Set<string>();
    for (const name of service.names) {
      const words = nameWords(name);
      words.forEach((w) => tokens.add(w));
      if (words.length === 1 && words[0] !== undefined) wholeNames.add(words[0]);
      if (words.length > 1) wholeNames.add(words.join('')); // "Box braids" -> "boxbraids"
    }
    return { id: service.id, tokens, wholeNames };
  });
  const df = new Map<string, number>();
  for (const { tokens } of wordsByService) {
    for (const token of tokens) df.set(token, (df.get(token) ?? 0) + 1);
  }
  const entries: [string, ServiceWord][] = [];
  for (const { id, tokens, wholeNames } of wordsByService) {
    for (const token of tokens) {
      const whole = wholeNames.has(token);
      let weight = 1 / (df.get(token) ?? 1);
      if (GENERIC_WORDS.has(token)) weight *= 0.3;
      if (token.length < 4 && !whole) weight *= 0.3;
      if (whole) weight += df.get(token) === 1 ? WHOLE_NAME_BONUS : SHARED_WHOLE_NAME_BONUS;
      entries.push([token, { serviceId: id, weight }]);
    }
    for (const compound of wholeNames) {
      if (!tokens.has(compound)) entries.push([compound, { serviceId: id, weight: 1.5 }]);
    }
  }
  return entries;
}

function staffEntries(catalog: NluCatalog): [string, string][] {
  return catalog.staff.flatMap((member) =>
    nameWords(member.name)
      .filter((w) => w.length >= 3)
      .map((w): [string, string] => [w, member.id]),
  );
}

function nameWords(name: string): string[] {
  return normalizeText(name, 200).words.filter((w) => !NAME_STOPWORDS.has(w));
}
