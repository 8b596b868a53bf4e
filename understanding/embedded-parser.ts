import type { Aside, PartOfDay, Understanding } from '../contract';
import { asideOf, BOOKING_CUES, splitClauses, type Clause } from './asides';
import { findUnknownService } from './unknown-service';
import { formatDate, formatTime, zonedNow, type ZonedNow } from './calendar';
import { CatalogIndex } from './catalog-index';
import { findChoice } from './choice';
import { CUE_PHRASES, type CueTag } from './cue-lexicon';
import { type DateSpec, resolveDate } from './date-spec';
import { findEnglishDate } from './english-dates';
import { findEnglishTime } from './english-time';
import { activeCues, classifyIntent, type IntentFeatures } from './intents';
import { detectLanguage } from './language';
import { type NormalizedText, normalizeText } from './normalize';
import { findNumericDate } from './numeric-dates';
import { PhraseMatcher } from './phrase-matcher';
import { findSwahiliDate } from './swahili-dates';
import { findSwahiliTime } from './swahili-time';
import { extractTopic } from './topic';
import {
  DEFAULT_EMBEDDED_PARSER_OPTIONS,
  type EmbeddedParser,
  type EmbeddedParserOptions,
  type NluCatalog,
  type ParseContext,
} from './types';

/**
 * The embedded English + Swahili parser: deterministic, no network, a few microseconds per
 * message. Everything that depends only on the catalog (service and staff vocabularies, the cue
 * phrase index) is built here, once; `parse` only reads it.
 */
export function createEmbeddedParser(
  catalog: NluCatalog,
  options: Partial<EmbeddedParserOptions> = {},
): EmbeddedParser {
  const { maxInputChars, onError } = { ...DEFAULT_EMBEDDED_PARSER_OPTIONS, ...options };
  const index = new CatalogIndex(catalog);
  const cues = new PhraseMatcher<CueTag>(CUE_PHRASES);

  return {
    parse(text: string, ctx: ParseContext): Understanding {
      try {
        const raw = typeof text === 'string' ? text.slice(0, maxInputChars) : '';
        return understandWhole(raw, ctx, index, cues, maxInputChars);
      } catch (error) {
        onError(error);
        return {
          language: ctx.previousLanguage ?? 'en',
          intent: 'unknown',
          confidence: 0,
          serviceIds: [],
          source: 'parser',
        };
      }
    },
  };
}

const PERIODS: readonly [CueTag, PartOfDay][] = [
  ['pod.morning', 'morning'],
  ['pod.afternoon', 'afternoon'],
  ['pod.evening', 'evening'],
  ['pod.night', 'night'],
];

/**
 * A message with side questions ("book a massage, where do I park?") is read as its main request
 * plus `asides`; any other message is read whole.
 */
function understandWhole(
  raw: string,
  ctx: ParseContext,
  index: CatalogIndex,
  matcher: PhraseMatcher<CueTag>,
  maxChars: number,
): Understanding {
  const clauses = requestClauses(splitClauses(raw), raw.length, index, matcher, maxChars);
  if (clauses.length === 1 && clauses[0] !== undefined && clauses[0].text.length < raw.length) {
    return understand(normalizeText(clauses[0].text, maxChars), ctx, index, matcher);
  }
  if (clauses.length > 1) {
    const asides: Aside[] = [];
    const rest: string[] = [];
    for (const clause of clauses) {
      const n = normalizeText(clause.text, maxChars);
      const cues = activeCues(matcher.match(n.words), n.words);
      const booking =
        BOOKING_CUES.some((tag) => tag !== 'availability' && cues.has(tag)) ||
        index.matchServices(n.words).length > 0 ||
        index.matchStaff(n.words) !== undefined ||
        findSwahiliTime(n.words, undefined) !== undefined ||
        findEnglishTime(n.text, undefined) !== undefined;
      const aside = asideOf({
        cues,
        words: n.words,
        booking,
        asks: clause.question || cues.has('question'),
      });
      if (aside !== null && asides.length < 3) asides.push(aside);
      else rest.push(clause.text);
    }
    if (asides.length > 0 && rest.length > 0) {
      const main = understand(normalizeText(rest.join(', '), maxChars), ctx, index, matcher);
      const slotsOnly = main.intent === 'unknown' && (main.date ?? main.time ?? main.partOfDay);
      if (main.intent === 'book' || slotsOnly) return { ...main, asides };
    }
  }
  return understand(normalizeText(raw, maxChars), ctx, index, matcher);
}

/** A message this long, in three clauses or more, may tell a story before its request. */
const STORY_CHARS = 240;

/**
 * "Last week I went to a wedding... my sister says... anyway, can I book braids on Saturday?":
 * the story's days, times and words must not make the request. In a long message, the request
 * starts at the last clause that asks to book or names a service; what comes before is dropped.
 */
function requestClauses(
  clauses: Clause[],
  length: number,
  index: CatalogIndex,
  matcher: PhraseMatcher<CueTag>,
  maxChars: number,
): Clause[] {
  if (length <= STORY_CHARS || clauses.length < 3) return clauses;
  for (let i = clauses.length - 1; i > 0; i -= 1) {
    const n = normalizeText(clauses[i]?.text ?? '', maxChars);
    const cues = activeCues(matcher.match(n.words), n.words);
    const asks = cues.has('book') || cues.has('book.want') || cues.has('soonest');
    if (asks || index.matchServices(n.words).length > 0) return clauses.slice(i);
  }
  return clauses;
}

/** Side questions a booking request asks in the same breath, with no clause break. */
const QUESTION_INTENTS = new Set(['prices', 'hours', 'location', 'inquiry']);

function inlineAside(
  intent: Understanding['intent'],
  cues: ReadonlyMap<CueTag, number>,
  words: readonly string[],
  serviceWords: (words: readonly string[]) => boolean,
): Aside | null {
  const tag = intent === 'inquiry' ? 'inquiry.ask' : intent;
  const at = cues.get(tag as CueTag);
  if (at === undefined) return null;
  const tail = words.slice(at).filter((w) => !serviceWords([w]));
  return asideOf({ cues: new Map([[tag as CueTag, 0]]), words: tail, booking: false, asks: true });
}

function understand(
  { text, words, question }: NormalizedText,
  ctx: ParseContext,
  index: CatalogIndex,
  matcher: PhraseMatcher<CueTag>,
): Understanding {
  const hits = matcher.match(words);
  const cues = activeCues(hits, words);
  const period = firstPeriod(cues);
  const choice = text.includes('@') ? undefined : findChoice(words); // "@4" is a time
  const now = zonedNow(ctx.now, ctx.timezone);

  let timeMinute: number | undefined;
  let dateSpec: DateSpec | undefined;
  if (choice === undefined) {
    timeMinute =
      findSwahiliTime(words, period)?.minuteOfDay ?? findEnglishTime(text, period)?.minuteOfDay;
    dateSpec = findDate(text, words, now, ctx.now) ?? (cues.has('now') ? today : undefined);
  }
  // "same time next week" is the same weekday a week on, not next week's Monday.
  const sameTime = cues.has('sameTime') && timeMinute === undefined;
  const weeksLater = sameTime && dateSpec?.kind === 'nextWeek' ? 1 : undefined;
  if (weeksLater !== undefined) dateSpec = undefined;
  const date = dateSpec === undefined ? undefined : resolveDate(dateSpec, now, timeMinute);
  const partOfDay = timeMinute === undefined ? period : undefined;
  const serviceIds = index.matchServices(words);
  const staffId = index.matchStaff(words);
  const anyStaff = cues.has('anyStaff') || cues.has('anyStaff.whole');
  const soonest = cues.has('soonest') && choice === undefined;
  const shift = cues.has('later') ? 'later' : cues.has('earlier') ? 'earlier' : undefined;

  const hasWhen =
    date !== undefined ||
    timeMinute !== undefined ||
    partOfDay !== undefined ||
    soonest ||
    shift !== undefined ||
    sameTime;
  const { intent, confidence, aside } = readIntent(
    {
      cues,
      hasService: serviceIds.length > 0,
      hasWhen,
      hasSlot: hasWhen || choice !== undefined || staffId !== undefined || anyStaff,
      hasChoice: choice !== undefined,
      hasStaff: staffId !== undefined,
      question: question || cues.has('question') || cues.has('asks'),
      wordCount: words.length,
    },
    { words, index, hasTime: timeMinute !== undefined },
  );

  const understanding: Understanding = {
    language: detectLanguage(words, ctx.previousLanguage),
    intent,
    confidence,
    serviceIds,
    source: 'parser',
  };
  if (staffId !== undefined) understanding.staffId = staffId;
  if (anyStaff) understanding.anyStaff = true;
  if (date !== undefined) understanding.date = formatDate(date);
  if (timeMinute !== undefined) understanding.time = formatTime(timeMinute);
  if (partOfDay !== undefined) understanding.partOfDay = partOfDay;
  if (choice !== undefined) understanding.choice = choice;
  if (soonest) understanding.soonest = true;
  if (shift !== undefined) understanding.shift = shift;
  if (sameTime) understanding.sameTime = true;
  if (weeksLater !== undefined) understanding.weeksLater = weeksLater;
  if (intent === 'book' && serviceIds.length === 0) {
    const unknown = findUnknownService(words, hits, (w) => index.matchStaff([w]) !== undefined);
    if (unknown !== undefined) understanding.unknownService = unknown;
  }
  if (aside !== null) understanding.asides = [aside];
  if (intent === 'inquiry') {
    const topic = extractTopic(words);
    if (topic !== undefined) understanding.topic = topic;
  }
  return understanding;
}

/**
 * The intent; "book a massage where do I park" is a booking with the question as an aside (a
 * booking cue, or a service with a time, turns a prices / hours / location question into one).
 */
function readIntent(
  features: IntentFeatures,
  m: { words: readonly string[]; index: CatalogIndex; hasTime: boolean },
): { intent: Understanding['intent']; confidence: number; aside: Aside | null } {
  const { intent, confidence } = classifyIntent(features);
  const { cues } = features;
  const booking = BOOKING_CUES.some((tag) => cues.has(tag)) || (features.hasService && m.hasTime);
  if (!QUESTION_INTENTS.has(intent) || !booking || intent === 'inquiry') {
    return { intent, confidence, aside: null };
  }
  const isService = (w: readonly string[]) => m.index.matchServices(w).length > 0;
  return { intent: 'book', confidence: 0.85, aside: inlineAside(intent, cues, m.words, isService) };
}

const today: DateSpec = { kind: 'offset', days: 0 };

/** Digits first (unambiguous), then the Swahili rules, then English through chrono. */
function findDate(
  text: string,
  words: readonly string[],
  now: ZonedNow,
  instant: number,
): DateSpec | undefined {
  return (
    findNumericDate(text) ??
    findSwahiliDate(words)?.spec ??
    findEnglishDate(text, {
      now: Number.isFinite(instant) ? instant : 0,
      offsetMinutes: now.offsetMinutes,
    })
  );
}

function firstPeriod(cues: ReadonlyMap<CueTag, number>): PartOfDay | undefined {
  let best: { period: PartOfDay; at: number } | undefined;
  for (const [tag, period] of PERIODS) {
    const at = cues.get(tag);
    if (at !== undefined && (best === undefined || at < best.at)) best = { period, at };
  }
  return best?.period;
}
