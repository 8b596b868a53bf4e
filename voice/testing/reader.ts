import { utteranceReader } from '../../runtime/calls/utterance-reader';
import type { UtteranceReader } from '../ports';

/** The runtime's reader of spoken words (the embedded parser), in Nairobi time by default. */
export const parserReader = (
  timezone = 'Africa/Nairobi',
  now: () => number = Date.now,
): UtteranceReader => utteranceReader(timezone, now);
