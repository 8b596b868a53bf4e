import { createEmbeddedParser } from '../../understanding';
import type { UtteranceReader } from '../../voice';

/** The embedded parser's reading of spoken words (times and choice numbers) in `timezone`. */
export function utteranceReader(timezone: string): UtteranceReader {
  const parser = createEmbeddedParser({ services: [], staff: [] });
  return (text, previous) => {
    const u = parser.parse(text, { now: Date.now(), timezone, previousLanguage: previous });
    return {
      language: u.language,
      ...(u.time ? { time: u.time } : {}),
      ...(u.choice !== undefined ? { choice: u.choice } : {}),
    };
  };
}
