import type { Intent } from '../contract';
import { CUE_POSITION, type CueTag, FILLER_WORDS } from './cue-lexicon';
import type { PhraseHit } from './phrase-matcher';

/**
 * Picks the intent from the cues found in a message and the slots extracted from it. Rules are
 * ordered by priority; the first that applies wins:
 * opt-out/opt-in keywords, then a human, then the specific requests (reschedule, cancel, my
 * bookings, prices, hours, location, "I want to know..."), then a yes/no that opens the message
 * (so "yes please book it" confirms rather than starts over, unless a service is named), then
 * booking verbs, then plain yes/no/thanks/greetings, then a service with a day or time and no
 * verb ("pedicure friday 3pm" is a booking), then questions (inquiry), then a bare service.
 * A greeting only counts when nothing else does ("Hi, is Wanjiku free tomorrow?" is not one).
 * A message with only slots ("kesho saa tisa", "2") is `unknown` with a fair confidence: it
 * answers whatever the conversation asked. Conflicting specific requests lower the confidence.
 */

export interface IntentFeatures {
  /** Cues that count where they stand, with the word index of their first hit. */
  cues: ReadonlyMap<CueTag, number>;
  hasService: boolean;
  /** A date, time or part of the day. */
  hasWhen: boolean;
  /** Any slot at all: when, choice, staff, anyone. */
  hasSlot: boolean;
  /** The message picks an option ("2", "ya pili"); "Is 3 ok?" is a pick, not an inquiry. */
  hasChoice: boolean;
  /** A question mark, or a question word opening the message. */
  question: boolean;
  wordCount: number;
}

export interface IntentResult {
  intent: Intent;
  confidence: number;
}

interface Rule {
  intent: Intent;
  priority: number;
  confidence: number;
  applies: (f: IntentFeatures) => boolean;
}

const has =
  (...tags: CueTag[]) =>
  (f: IntentFeatures) =>
    tags.some((tag) => f.cues.has(tag));
const opens = (tag: CueTag) => (f: IntentFeatures) => f.cues.get(tag) === 0 && !f.hasService;

const RULES: readonly Rule[] = [
  { intent: 'stop', priority: 100, confidence: 0.97, applies: has('stop.whole') },
  { intent: 'start', priority: 99, confidence: 0.95, applies: has('start.whole') },
  { intent: 'stop', priority: 98, confidence: 0.9, applies: has('stop') },
  { intent: 'human', priority: 90, confidence: 0.9, applies: has('human', 'human.whole') },
  { intent: 'reschedule', priority: 86, confidence: 0.9, applies: has('reschedule') },
  { intent: 'cancel', priority: 85, confidence: 0.9, applies: has('cancel') },
  { intent: 'my_bookings', priority: 80, confidence: 0.88, applies: has('my_bookings') },
  { intent: 'prices', priority: 75, confidence: 0.88, applies: has('prices') },
  { intent: 'hours', priority: 74, confidence: 0.85, applies: has('hours') },
  { intent: 'location', priority: 73, confidence: 0.85, applies: has('location') },
  { intent: 'inquiry', priority: 70, confidence: 0.75, applies: has('inquiry.ask') },
  {
    intent: 'no',
    priority: 65,
    confidence: 0.92,
    applies: (f) => opens('no')(f) || has('no.whole')(f),
  },
  { intent: 'yes', priority: 64, confidence: 0.92, applies: opens('yes') },
  { intent: 'book', priority: 60, confidence: 0.9, applies: has('book') },
  { intent: 'book', priority: 55, confidence: 0.85, applies: has('book.want') },
  { intent: 'my_bookings', priority: 52, confidence: 0.75, applies: has('my_booking.weak') },
  { intent: 'no', priority: 50, confidence: 0.88, applies: has('no') },
  { intent: 'yes', priority: 48, confidence: 0.9, applies: has('yes', 'yes.confirm') },
  { intent: 'thanks', priority: 45, confidence: 0.92, applies: has('thanks') },
  { intent: 'yes', priority: 44, confidence: 0.85, applies: has('yes.weak') },
  {
    intent: 'greeting',
    priority: 40,
    confidence: 0.92,
    applies: (f) => has('greeting')(f) && !f.hasService && !f.hasSlot,
  },
  { intent: 'book', priority: 35, confidence: 0.75, applies: (f) => f.hasService && f.hasWhen },
  {
    intent: 'inquiry',
    priority: 30,
    confidence: 0.6,
    applies: (f) => f.question && f.wordCount > 0 && !f.hasChoice,
  },
  { intent: 'book', priority: 25, confidence: 0.6, applies: (f) => f.hasService },
  { intent: 'unknown', priority: 10, confidence: 0.7, applies: (f) => f.hasSlot },
];

/** Requests specific enough that two different ones in a message make it ambiguous. */
const SPECIFIC_PRIORITY = 73;
const CONFLICT_FACTOR = 0.85;

export function classifyIntent(features: IntentFeatures): IntentResult {
  const matched = RULES.filter((rule) => rule.applies(features));
  const winner = matched[0];
  if (winner === undefined) {
    return { intent: 'unknown', confidence: features.wordCount === 0 ? 0 : 0.2 };
  }
  const conflict = matched.some(
    (rule) => rule.priority >= SPECIFIC_PRIORITY && rule.intent !== winner.intent,
  );
  const confidence = conflict ? winner.confidence * CONFLICT_FACTOR : winner.confidence;
  return { intent: winner.intent, confidence: Math.round(confidence * 100) / 100 };
}

/**
 * The cues that count where they stand: `first` cues as the first word, `lead` cues within the
 * first two, `whole` cues only when every other word is filler. Maps each tag to the word index of its first hit.
 */
export function activeCues(hits: readonly PhraseHit<CueTag>[], words: readonly string[]) {
  const covered = new Map<CueTag, Set<number>>();
  for (const hit of hits) {
    const set = covered.get(hit.tag) ?? new Set<number>();
    for (let i = hit.start; i < hit.end; i += 1) set.add(i);
    covered.set(hit.tag, set);
  }
  const active = new Map<CueTag, number>();
  for (const hit of hits) {
    if (active.has(hit.tag)) continue;
    const position = CUE_POSITION[hit.tag];
    if (position === 'lead' && hit.start > 1) continue;
    if (position === 'first' && hit.start > 0) continue;
    if (position === 'whole') {
      const mine = covered.get(hit.tag);
      if (!words.every((w, i) => mine?.has(i) === true || FILLER_WORDS.has(w))) continue;
    }
    active.set(hit.tag, hit.start);
  }
  return active;
}
