import { createEmbeddedParser } from '../../understanding';
import type { UtteranceReader } from '../../voice';

/**
 * The embedded parser's reading of a few spoken words (language, a time, a choice number): what
 * the call pipeline borrows of the understanding, for `npx ratiba call`, the console's call
 * panel and the LiveKit voice worker.
 */
export function utteranceReader(timezone: string, now: () => number = Date.now): UtteranceReader {
  const parser = createEmbeddedParser({ services: [], staff: [] });
  return (text, previous) => {
    const u = parser.parse(text, { now: now(), timezone, previousLanguage: previous });
    return {
      language: u.language,
      ...(u.time ? { time: u.time } : {}),
      ...(u.choice !== undefined ? { choice: u.choice } : {}),
    };
  };
}
