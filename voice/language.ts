import type { Language } from '../contract';
import type { UtteranceReader } from './ports';

/**
 * The language of a piece of speech or of a reply, by the understanding's reading (Swahili when
 * it is mostly Swahili, Sheng-ish mixes included). Null when there is nothing to tell by
 * (digits, "ok", a name): read with either language before, such words keep it.
 */
export function createLanguageDetector(read: UtteranceReader): (text: string) => Language | null {
  return (text) => {
    if (!/\p{L}{3,}/u.test(text)) return null;
    const a = read(text, 'en').language;
    const b = read(text, 'sw').language;
    return a === b ? a : null;
  };
}

/**
 * `read` remembering its last `max` readings (by text and language before): the same words are
 * read once (a turn's language detection and choice matching read the caller's words alike;
 * replies and their choices' titles come back turn after turn).
 */
export function memoReader(read: UtteranceReader, max = 256): UtteranceReader {
  const seen = new Map<string, ReturnType<UtteranceReader>>();
  return (text, previous) => {
    const key = `${previous}\u0000${text}`;
    let r = seen.get(key);
    if (r) return r;
    r = read(text, previous);
    if (seen.size >= max) seen.delete(seen.keys().next().value!);
    seen.set(key, r);
    return r;
  };
}
