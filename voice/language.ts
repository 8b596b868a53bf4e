import { createEmbeddedParser } from '../adapters/nlu';
import type { Language } from '../machines';

/**
 * The language of a piece of speech or of a reply, by the embedded parser's reading (Swahili
 * when it is mostly Swahili, Sheng-ish mixes included). Null when there is nothing to tell by
 * (digits, "ok").
 */
export function createLanguageDetector(
  timezone = 'Africa/Nairobi',
): (text: string) => Language | null {
  const parser = createEmbeddedParser({ services: [], staff: [] });
  return (text) => {
    if (!/\p{L}{3,}/u.test(text)) return null;
    const a = parser.parse(text, { now: 0, timezone, previousLanguage: 'en' }).language;
    const b = parser.parse(text, { now: 0, timezone, previousLanguage: 'sw' }).language;
    // Neutral words ("ok", "Wanjiku") keep whatever came before: no reading of their own.
    return a === b ? a : null;
  };
}
