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
