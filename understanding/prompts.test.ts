import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PINNED_PROMPTS } from './prompts';
import { calendarLines } from './prompts/calendar-lines';
import { lostFacts } from './prompts/shape.v1';
import { readPersonalityDials } from '../contract/personality';
import {
  PARSER_UNDERSTANDING,
  demoProfile,
  extractAnswer,
  startRouterKit,
  type RouterKit,
} from '../test-support/llm-router-kit';
import { strictSchemaProblem } from '../adapters/llm/testing';

const NOW = Date.UTC(2026, 10, 24, 11, 0); // Tuesday 14:00 in Nairobi

let kit: RouterKit;
beforeEach(async () => {
  kit = await startRouterKit();
  kit.anthropic.answerWith((call) =>
    call.toolName === 'send_reply' ? { text: 'Haircut: KES 800, about 30 min.' } : extractAnswer(),
  );
  kit.openai.answerWith(() => extractAnswer());
});
afterEach(() => kit.close());

const extract = (tenant = demoProfile(), text = 'Nataka kunyoa kesho') =>
  kit.extract({ tenant, text, now: NOW, fallback: () => PARSER_UNDERSTANDING });
const shape = (tenant = demoProfile(), language: 'en' | 'sw' = 'en') =>
  kit.shape({
    tenant,
    intent: 'prices',
    topic: 'haircut price',
    language,
    facts: 'Haircut: KES 800, about 30 min.',
  });

describe('stable per-tenant prefix (prompt caching)', () => {
  it('is the first system block, byte-identical across calls and tasks of one tenant', async () => {
    const tenant = demoProfile();
    await extract(tenant, 'kesho saa tisa');
    await extract(demoProfile(), 'Friday 3pm please'); // an equal profile, rebuilt
    await shape(tenant);
    const [a, b, c] = kit.anthropic.calls;
    expect(a!.system[0]!.text).toBe(b!.system[0]!.text);
    expect(c!.system[0]!.text).toBe(a!.system[0]!.text);
    expect(a!.system[0]!.text).toContain('Salon Ratiba Demo');
    expect(a!.system[0]!.text).toContain('- haircut: Haircut | Kunyoa nywele | cut | trim');
    // Nothing per message in the system prompt: the message and the date are in the user turn.
    expect(a!.system.map((s) => s.text).join('')).not.toContain('kesho saa tisa');
    expect(a!.user).toContain('kesho saa tisa');
    expect(a!.user).toContain('2026-11-25: Wednesday / Jumatano (tomorrow, kesho)');
  });

  it('marks the system prompt for Anthropic caching, and the repeat is read from the cache', async () => {
    await extract(demoProfile(), 'one');
    await extract(demoProfile(), 'two');
    const [first, second] = kit.anthropic.calls;
    expect(first!.system.map((s) => s.cacheControl)).toEqual([false, true]);
    expect(second!.body.system).toEqual(first!.body.system);
    expect(second!.body.tools).toEqual(first!.body.tools);
    const [w, r] = kit.ledger.entries;
    expect(w!.cacheWriteTokens).toBeGreaterThan(0);
    expect(w!.cachedTokens).toBe(0);
    expect(r!.cachedTokens).toBe(w!.cacheWriteTokens);
    expect(r!.costUsdMicros!).toBeLessThan(w!.costUsdMicros!);
  });

  it('starts the OpenAI system message with the same prefix, with one cache key per tenant', async () => {
    kit.anthropic.failAll({ kind: 'unauthorized' });
    await extract(demoProfile(), 'one');
    await extract(demoProfile(), 'two');
    await extract(demoProfile({ slug: 'other', name: 'Other Salon' }), 'three');
    const [a, b, c] = kit.openai.calls;
    const prefix = PINNED_PROMPTS.prefix.tenantPrefix(demoProfile());
    expect(a!.system[0]!.text.startsWith(prefix)).toBe(true);
    expect(b!.body.messages).not.toEqual(a!.body.messages);
    expect((b!.body.messages as unknown[])[0]).toEqual((a!.body.messages as unknown[])[0]);
    expect(a!.body.prompt_cache_key).toBe('ratiba:demo:extract.v1+prefix.v1');
    expect(b!.body.prompt_cache_key).toBe(a!.body.prompt_cache_key);
    expect(c!.body.prompt_cache_key).toBe('ratiba:other:extract.v1+prefix.v1');
    const openaiRows = kit.ledger.entries.filter((e) => e.provider === 'openai');
    expect(openaiRows[1]!.cachedTokens).toBeGreaterThan(0);
    expect(openaiRows[2]!.cachedTokens).toBe(0);
  });

  it('does not depend on catalog order', () => {
    const t = demoProfile();
    const reversed = { ...t, services: [...t.services].reverse(), staff: [...t.staff].reverse() };
    expect(PINNED_PROMPTS.prefix.tenantPrefix(reversed)).toBe(
      PINNED_PROMPTS.prefix.tenantPrefix(t),
    );
  });
});

describe('personality dials in the shaping prompt', () => {
  const systemOf = async (dials: Parameters<typeof demoProfile>[0]) => {
    await shape(demoProfile(dials));
    const call = kit.anthropic.calls.at(-1)!;
    return { system: call.system.map((s) => s.text).join('\n'), user: call.user };
  };

  it('each of the eight dials changes the prompt', async () => {
    const base = (await systemOf({})).system;
    const variants: Parameters<typeof demoProfile>[0][] = [
      { dials: { formality: 'formal' } },
      { dials: { warmth: 'warm' } },
      { dials: { emoji: 'none' } },
      { dials: { verbosity: 'brief' } },
      { dials: { languagePreference: 'sw' } },
      { dials: { greeting: 'Karibu sana Ratiba!' } },
      { dials: { signOff: 'Asante, Ratiba team' } },
      { dials: { upsell: 'never' } },
    ];
    const systems = [];
    for (const v of variants) systems.push((await systemOf(v)).system);
    for (const s of systems) expect(s).not.toBe(base);
    expect(new Set(systems).size).toBe(variants.length);
    expect(systems[2]).toContain('Never use emoji.');
    expect(systems[5]).toContain('«Karibu sana Ratiba!»');
    expect(systems[6]).toContain('«Asante, Ratiba team»');
  });

  it('a fixed language dial overrides the language of the question', async () => {
    expect((await systemOf({ dials: { languagePreference: 'sw' } })).user).toContain(
      'Reply in: Swahili',
    );
    expect((await systemOf({ dials: { languagePreference: 'mirror' } })).user).toContain(
      'Reply in: English',
    );
  });

  it('returns the shaped reply, and the facts when the model loses a price or a link', async () => {
    expect(await shape()).toMatchObject({
      source: 'anthropic',
      value: 'Haircut: KES 800, about 30 min.',
    });
    kit.anthropic.script({ kind: 'answer', input: { text: 'A haircut is cheap!' } });
    kit.openai.script({ kind: 'answer', input: { text: '' } });
    expect(await shape()).toMatchObject({
      source: 'embedded',
      value: 'Haircut: KES 800, about 30 min.',
      failures: ['invalid_output', 'invalid_output'],
    });
  });
});

describe('prompt pieces', () => {
  it('the extraction schema is valid for OpenAI strict mode, and lists every intent', () => {
    expect(strictSchemaProblem(PINNED_PROMPTS.extract.OUTPUT_SCHEMA)).toBeNull();
    expect(strictSchemaProblem(PINNED_PROMPTS.shape.OUTPUT_SCHEMA)).toBeNull();
    expect(strictSchemaProblem({ type: 'object', properties: { a: {} }, required: [] })).toMatch(
      /additionalProperties/,
    );
  });

  it('dates the next days in the tenant time zone, across midnight UTC', () => {
    // 22:30 UTC on Monday 23 Nov is already Tuesday 01:30 in Nairobi.
    const lines = calendarLines(Date.UTC(2026, 10, 23, 22, 30), 'Africa/Nairobi', 3);
    expect(lines[0]).toBe('Now: Tuesday 2026-11-24 01:30 (Africa/Nairobi)');
    expect(lines[2]).toBe('- 2026-11-24: Tuesday / Jumanne (today, leo)');
    expect(lines[4]).toBe('- 2026-11-26: Thursday / Alhamisi (kesho kutwa)');
  });

  it('lostFacts finds dropped prices and links, ignoring thousands separators', () => {
    const facts = 'Box braids: KES 3,500.\nMap: https://maps.example/x?y=1';
    expect(lostFacts(facts, 'Braids are KES 3500, map https://maps.example/x?y=1')).toEqual([]);
    expect(lostFacts(facts, 'Braids are KES 3,000.')).toEqual([
      'https://maps.example/x?y=1',
      'KES 3,500',
    ]);
  });

  it('reads personality dials leniently', () => {
    expect(readPersonalityDials(undefined)).toMatchObject({ formality: 'neutral', greeting: null });
    expect(
      readPersonalityDials({
        formality: 'posh',
        emoji: 'none',
        sign_off: '  Asante  ',
        greeting: 5,
      }),
    ).toMatchObject({ formality: 'neutral', emoji: 'none', signOff: 'Asante', greeting: null });
    expect(readPersonalityDials('garbage')).toMatchObject({ upsell: 'gentle' });
  });
});
