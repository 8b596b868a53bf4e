import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strictSchemaProblem } from '../adapters/llm/testing';
import type { Understanding } from '../contract';
import {
  demoProfile,
  extractAnswer,
  startRouterKit,
  type RouterKit,
} from '../test-support/llm-router-kit';
import { PINNED_PROMPTS } from './prompts';

/**
 * The LLM path as a peer of the parser (issue 18): extract.v2 asks for the same multi-part
 * `Understanding` (side questions, services in order, the earliest, later, same time next week,
 * unknown services), validates it with zod, and sends the parser's reading as a hint. Against
 * the fake Anthropic / OpenAI servers speaking the real wire format.
 */

const NOW = Date.UTC(2026, 10, 18, 7, 0); // Wednesday 10:00 in Nairobi
const X = PINNED_PROMPTS.extract;

const PARSED: Understanding = {
  language: 'en',
  intent: 'book',
  confidence: 0.85,
  serviceIds: ['massage'],
  asides: [{ intent: 'inquiry', topic: 'park' }],
  source: 'parser',
};

let kit: RouterKit;
beforeEach(async () => {
  kit = await startRouterKit();
});
afterEach(() => kit.close());

const extract = (text: string, parsed: Understanding = PARSED) =>
  kit.extract({ tenant: demoProfile(), text, now: NOW, hint: parsed, fallback: () => parsed });

describe('extract.v2', () => {
  it('is pinned, and its output schema is valid for strict structured outputs', () => {
    expect(X.PROMPT_VERSION).toBe('extract.v2');
    expect(strictSchemaProblem(X.OUTPUT_SCHEMA)).toBeNull();
  });

  it('returns the multi-part understanding the model recorded', async () => {
    kit.anthropic.answerWith(() =>
      extractAnswer({
        service_ids: ['haircut', 'manicure'],
        date: '2026-11-20',
        time: null,
        part_of_day: 'afternoon',
        asides: [{ intent: 'location', topic: null }],
        soonest: false,
      }),
    );
    const r = await extract('a haircut and a manicure on Friday afternoon, where are you?');
    expect(r.source).toBe('anthropic');
    expect(r.value).toMatchObject({
      intent: 'book',
      serviceIds: ['haircut', 'manicure'],
      date: '2026-11-20',
      partOfDay: 'afternoon',
      asides: [{ intent: 'location' }],
      source: 'llm',
    });
  });

  it('maps the earliest, later, same time next week and unknown services', async () => {
    kit.anthropic.answerWith(() =>
      extractAnswer({
        service_ids: [],
        date: null,
        time: null,
        soonest: true,
        shift: 'later',
        same_time: true,
        weeks_later: 1,
        unknown_service: 'facial',
      }),
    );
    const r = await extract('anything');
    expect(r.value).toMatchObject({
      soonest: true,
      shift: 'later',
      sameTime: true,
      weeksLater: 1,
      unknownService: 'facial',
    });
  });

  it("sends the parser's reading as a hint, and the message whole up to 4,000 characters", async () => {
    kit.anthropic.answerWith(() => extractAnswer());
    const story = `${'A long story about my week. '.repeat(60)}Can I book a massage, where do I park?`;
    await extract(story);
    const call = kit.anthropic.calls.find((c) => c.toolName === X.TOOL_NAME);
    expect(call?.user).toContain(`The parser's reading (a hint): {"language":"en","intent":"book"`);
    expect(call?.user).toContain('"asides":[{"intent":"inquiry","topic":"park"}]');
    expect(call?.user).toContain('Can I book a massage, where do I park?');
  });

  it('an aside with an unknown intent fails validation: the next provider, then the parser', async () => {
    const bad = () => extractAnswer({ asides: [{ intent: 'gossip', topic: 'x' }] });
    kit.anthropic.answerWith(bad);
    kit.openai.answerWith(bad);
    const r = await extract('book a massage, where do I park?');
    expect(r.source).toBe('embedded');
    expect(r.value).toEqual(PARSED);
    expect(r.failures.length).toBeGreaterThan(0);
  });
});
