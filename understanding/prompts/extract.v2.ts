/**
 * Pinned prompt: intent and slot extraction -> `Understanding`. Never edit a published version:
 * copy it to extract.v2.ts, change that, and pin the new one in prompts/index.ts, so every ledger
 * row names the exact prompt that produced it.
 *
 * v2 (issue 18): the same multi-part `Understanding` as the embedded parser (side questions,
 * services in the order asked, the earliest, later / earlier, same time next week, unknown
 * services, past dates kept), messages read whole up to 4,000 characters, and the parser's
 * reading sent as a hint. The parts v1 had live in extract-common.ts; extract-pinned.test.ts
 * proves this version still sends and accepts the same bytes.
 */
import { z } from 'zod';
import { ASIDE_INTENTS, type JsonSchema, type Understanding } from '../../contract';
import {
  BASE_OUTPUT,
  BASE_PROPERTIES,
  BASE_REQUIRED,
  baseUnderstanding,
  DATE_FIELD,
  FIELDS_AFTER_DATE,
  FIELDS_BEFORE_DATE,
  messageLines,
  nullableString,
  type BaseExtractInput,
} from './extract-common';
import type { TenantProfile } from './prefix.v1';

export { TOOL_NAME } from './extract-common';
export const PROMPT_VERSION = 'extract.v2';
export const MAX_OUTPUT_TOKENS = 400;
/** Messages are read whole up to this (a story before the request is normal). */
export const MAX_MESSAGE_CHARS = 4000;

const PAST_DATES = ` A day that has passed stays in the past ("yesterday", "jana", "December 3rd" said on 7 December): give that past date, never move it to next year or today; the assistant tells the customer it has passed.`;

export const INSTRUCTIONS = `${FIELDS_BEFORE_DATE}${DATE_FIELD}${PAST_DATES}${FIELDS_AFTER_DATE}
- A message can say several things. intent is the main request: when it asks to book AND asks something else ("book a massage, where do I park?", "nataka kusuka Jumamosi, mnafungua saa ngapi?"), intent is book and each side question goes in asides as {intent: prices|hours|location|inquiry, topic}; else asides is []. A story before the request is background: read the request, not the story's days and times.
- service_ids: every service asked for, in the order asked ("a haircut and a manicure" -> both, haircut first).
- soonest: true for "the earliest", "next available", "as soon as possible", "mapema iwezekanavyo"; else false. Asking when there is room ("is Wanjiku free tomorrow afternoon?", "what's the earliest for a pedicure?") is intent book.
- shift: "later" or "earlier" when they want other times than those offered ("anything later?", "kitu baadaye?"), else null.
- same_time: true for "same time" (of the appointment being moved); weeks_later: 1 for "same time next week" (the same weekday a week on; then date is null), else null.
- unknown_service: the thing they want to book when it is not in the catalog ("a facial"), in their words, else null.
- The parser's reading below is a hint from a fast offline parser: keep what it got right, correct what it got wrong.`;

/** Strict-mode JSON schema: every property required, nullable where optional. */
export const OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    ...BASE_REQUIRED,
    'asides',
    'soonest',
    'shift',
    'same_time',
    'weeks_later',
    'unknown_service',
  ],
  properties: {
    ...BASE_PROPERTIES,
    asides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['intent', 'topic'],
        properties: {
          intent: { type: 'string', enum: [...ASIDE_INTENTS] },
          topic: nullableString('what the side question asks about'),
        },
      },
    },
    soonest: { type: 'boolean' },
    shift: { type: ['string', 'null'], enum: ['later', 'earlier', null] },
    same_time: { type: 'boolean' },
    weeks_later: { type: ['integer', 'null'] },
    unknown_service: nullableString('a service asked for that is not in the catalog'),
  },
};

/** The tool input, validated. Missing optional fields are accepted (Anthropic may omit nulls). */
export const outputSchema = z.object({
  ...BASE_OUTPUT,
  asides: z
    .array(z.object({ intent: z.enum(ASIDE_INTENTS), topic: z.string().max(200).nullish() }))
    .max(3)
    .nullish(),
  soonest: z.boolean().nullish(),
  shift: z.enum(['later', 'earlier']).nullish(),
  same_time: z.boolean().nullish(),
  weeks_later: z.number().int().min(1).max(8).nullish(),
  unknown_service: z.string().max(60).nullish(),
});

export type ExtractOutput = z.infer<typeof outputSchema>;

export interface ExtractInput extends BaseExtractInput {
  /** The embedded parser's reading of the same message. */
  hint?: Understanding | undefined;
}

export function userMessage(input: ExtractInput): string {
  const hint = `The parser's reading (a hint): ${input.hint ? hintLine(input.hint) : 'none'}`;
  return messageLines(input, [hint], MAX_MESSAGE_CHARS);
}

/** The parser's reading, compact: only what it found. */
function hintLine(u: Understanding): string {
  const { source: _source, ...rest } = u;
  return JSON.stringify(rest);
}

/** Validated output -> `Understanding`; ids not in the tenant's catalog are dropped. */
export function toUnderstanding(out: ExtractOutput, tenant: TenantProfile): Understanding {
  return {
    ...baseUnderstanding(out, tenant),
    ...(out.soonest ? { soonest: true } : {}),
    ...(out.shift ? { shift: out.shift } : {}),
    ...(out.same_time ? { sameTime: true } : {}),
    ...(out.weeks_later ? { weeksLater: out.weeks_later } : {}),
    ...(out.unknown_service?.trim() ? { unknownService: out.unknown_service.trim() } : {}),
    ...(out.asides && out.asides.length > 0
      ? {
          asides: out.asides.map((a) =>
            a.topic?.trim() ? { intent: a.intent, topic: a.topic.trim() } : { intent: a.intent },
          ),
        }
      : {}),
    source: 'llm',
  };
}
