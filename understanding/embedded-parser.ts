import type { PartOfDay, Understanding } from '../contract';
import { formatDate, formatTime, zonedNow, type ZonedNow } from './calendar';
import { CatalogIndex } from './catalog-index';
import { findChoice } from './choice';
import { CUE_PHRASES, type CueTag } from './cue-lexicon';
import { type DateSpec, resolveDate } from './date-spec';
import { findEnglishDate } from './english-dates';
import { findEnglishTime } from './english-time';
import { activeCues, classifyIntent } from './intents';
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
        const normalized = normalizeText(typeof text === 'string' ? text : '', maxInputChars);
        return understand(normalized, ctx, index, cues);
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

function understand(
  { text, words, question }: NormalizedText,
  ctx: ParseContext,
  index: CatalogIndex,
  matcher: PhraseMatcher<CueTag>,
): Understanding {
  const cues = activeCues(matcher.match(words), words);
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
  const date = dateSpec === undefined ? undefined : resolveDate(dateSpec, now, timeMinute);
  const partOfDay = timeMinute === undefined ? period : undefined;
  const serviceIds = index.matchServices(words);
  const staffId = index.matchStaff(words);
  const anyStaff = cues.has('anyStaff') || cues.has('anyStaff.whole');

  const hasWhen = date !== undefined || timeMinute !== undefined || partOfDay !== undefined;
  const { intent, confidence } = classifyIntent({
    cues,
    hasService: serviceIds.length > 0,
    hasWhen,
    hasSlot: hasWhen || choice !== undefined || staffId !== undefined || anyStaff,
    hasChoice: choice !== undefined,
    question: question || cues.has('question') || cues.has('asks'),
    wordCount: words.length,
  });

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
  if (intent === 'inquiry') {
    const topic = extractTopic(words);
    if (topic !== undefined) understanding.topic = topic;
  }
  return understanding;
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
