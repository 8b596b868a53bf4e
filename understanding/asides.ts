import type { Aside, AsideIntent } from '../contract';
import type { CueTag } from './cue-lexicon';
import { extractTopic } from './topic';

/**
 * Side questions: the parts of a message that ask something besides its main request. People
 * write "book a massage, where do I park?" or "nataka kusuka Jumamosi, mnafungua saa ngapi?":
 * the booking is the point, the question is answered in one line on the way.
 *
 * A message is cut into clauses at sentence ends, line breaks, semicolons and commas. A clause
 * is a side question when it asks (a question mark, a question word first, or a prices / hours
 * / location / "I want to know" cue) and carries nothing of a booking (no service, staff, time
 * or booking verb). The parser reads the other clauses as the main request.
 */

export interface Clause {
  text: string;
  question: boolean;
}

const CLAUSE_END = /([.?!\n;]+|,\s+|\s+-\s+)/u;
const MAX_CLAUSES = 12;

/** The message's clauses; a clause keeps whether it ended with a question mark. */
export function splitClauses(text: string): Clause[] {
  const parts = text.split(CLAUSE_END);
  const clauses: Clause[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const body = (parts[i] ?? '').trim();
    const end = parts[i + 1] ?? '';
    if (body.length === 0) continue;
    // Regression guard: "p.m." and "No. 2" are not sentence ends.
    const last = clauses.at(-1);
    if (last && /^(?:m\b|\d)/i.test(body) && /[ap]$|no$/i.test(last.text) && end !== '?') {
      last.text = `${last.text}.${body}`;
      continue;
    }
    clauses.push({ text: body, question: end.includes('?') });
    if (clauses.length >= MAX_CLAUSES) break;
  }
  return clauses;
}

const ASIDE_CUES: readonly [CueTag, AsideIntent][] = [
  ['prices', 'prices'],
  ['hours', 'hours'],
  ['location', 'location'],
  ['inquiry.ask', 'inquiry'],
];

/** Words of a location cue: "where do I park?" is about parking, not the address. */
const LOCATION_WORDS = new Set(
  'where address location located directions direction map pin wapi mahali anwani get there iko ni mko mpo exactly precisely'.split(
    ' ',
  ),
);

export interface ClauseReading {
  cues: ReadonlyMap<CueTag, number>;
  words: readonly string[];
  /** A service, staff member, time or booking verb: the clause is (part of) a booking. */
  booking: boolean;
  /** A question mark or a question word first. */
  asks: boolean;
}

/** The side question a clause asks, if it is one. */
export function asideOf(clause: ClauseReading): Aside | null {
  if (clause.booking) return null;
  const hit = ASIDE_CUES.find(([tag]) => clause.cues.has(tag));
  if (hit === undefined && !clause.asks) return null;
  let intent: AsideIntent = hit?.[1] ?? 'inquiry';
  let words = clause.words;
  if (intent === 'location') {
    const rest = words.filter((w) => !LOCATION_WORDS.has(w));
    const topic = extractTopic(rest);
    if (topic !== undefined) {
      intent = 'inquiry'; // "where do I park" asks about parking
      words = rest;
    }
  }
  const topic = extractTopic(words);
  if (intent === 'inquiry' && topic === undefined) return null; // "ok?" asks nothing
  return topic === undefined ? { intent } : { intent, topic };
}

/** The cues that make a message a booking request when it also asks something. */
export const BOOKING_CUES: readonly CueTag[] = ['book', 'book.want', 'availability', 'soonest'];
