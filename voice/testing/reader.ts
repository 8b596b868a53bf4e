import { createEmbeddedParser } from '../../understanding';
import type { UtteranceReader } from '../ports';

/** The embedded parser as the call pipeline's reader (what the runtime gives it), for tests. */
export function parserReader(timezone = 'Africa/Nairobi', now = () => Date.now()): UtteranceReader {
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
