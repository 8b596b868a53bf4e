import type { CueTag } from './cue-lexicon';
import { editDistance } from './fuzzy-match';
import { ENGLISH_WORDS, SWAHILI_WORDS } from './language';
import type { PhraseHit } from './phrase-matcher';

/**
 * The thing a booking request asks for when it is no service of the catalog: "I want to book a
 * facial" -> "facial", "nataka dreadlocks kesho" -> "dreadlocks". The word after the booking
 * verb, past articles and filler, that is no ordinary word, date, number or cue. The thread says
 * the salon does not offer it, rather than silently asking "which service?".
 */

const SKIP = new Set(
  `a an the some my one two to for get have book booking make do please kindly pls also and
   appointment session slot time me us her him them of with new quick ku kufanya kupata
   kubook nibook tafadhali naomba na ya za wa huduma service treatment something anything
   go come see know ask kupanga kuweka kuja miadi nipangie niwekee`.split(/\s+/),
);

const BOOKING_TAGS: readonly CueTag[] = ['book', 'book.want'];
/** Misspelt, these are still no service ("apoitment"). */
const BOOKING_WORDS = ['appointment', 'booking', 'reservation', 'session'];

export function findUnknownService(
  words: readonly string[],
  hits: readonly PhraseHit<CueTag>[],
  isCatalogWord: (word: string) => boolean,
): string | undefined {
  const verb = hits.find((h) => BOOKING_TAGS.includes(h.tag));
  if (verb === undefined) return undefined;
  const cueAt = new Set<number>();
  for (const h of hits) for (let i = h.start; i < h.end; i += 1) cueAt.add(i);
  for (let i = verb.end; i < Math.min(words.length, verb.end + 5); i += 1) {
    const word = words[i] ?? '';
    if (SKIP.has(word)) continue;
    const ordinary =
      cueAt.has(i) ||
      ENGLISH_WORDS.has(word) ||
      SWAHILI_WORDS.has(word) ||
      /\d/.test(word) ||
      word.length < 4 ||
      isCatalogWord(word) ||
      BOOKING_WORDS.some((w) => editDistance(word, w) <= 2);
    return ordinary ? undefined : word.slice(0, 40);
  }
  return undefined;
}
