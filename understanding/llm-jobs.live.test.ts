/**
 * Live tests against the real APIs: each provider alone behind the router, one extraction and
 * one shaping. They run only with a key (ANTHROPIC_API_KEY / OPENAI_API_KEY, optionally
 * ANTHROPIC_MODEL / OPENAI_MODEL) and cost a fraction of a cent; without a key they are skipped,
 * and the skipped test's name says why.
 */
import { describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';
import { MemoryLedgerSink } from './ledger';
import { createOpenAiProvider } from './openai-provider';
import { createLlmRouter } from './router';
import { PARSER_UNDERSTANDING, demoProfile } from './testing/router-kit';
import type { LlmProvider } from './types';

const env = process.env;
// Tuesday 2026-11-24 14:00 in Nairobi.
const NOW = Date.UTC(2026, 10, 24, 11, 0);

const providers: { name: string; key: string; make: () => LlmProvider }[] = [
  {
    name: 'anthropic',
    key: 'ANTHROPIC_API_KEY',
    make: () =>
      createAnthropicProvider({
        apiKey: env.ANTHROPIC_API_KEY ?? '',
        timeoutMs: 30_000,
        ...(env.ANTHROPIC_MODEL ? { model: env.ANTHROPIC_MODEL } : {}),
      }),
  },
  {
    name: 'openai',
    key: 'OPENAI_API_KEY',
    make: () =>
      createOpenAiProvider({
        apiKey: env.OPENAI_API_KEY ?? '',
        timeoutMs: 30_000,
        ...(env.OPENAI_MODEL ? { model: env.OPENAI_MODEL } : {}),
      }),
  },
];

for (const p of providers) {
  const hasKey = Boolean(env[p.key]);
  describe(`live ${p.name}`, () => {
    // Shows up as a skipped test whose name is the reason.
    if (!hasKey) it.skip(`${p.key} is not set: live ${p.name} tests skipped`, () => {});

    it.runIf(hasKey)('extracts a Swahili booking request', { timeout: 90_000 }, async () => {
      const ledger = new MemoryLedgerSink();
      const router = createLlmRouter({
        providers: [p.make()],
        ledger,
        timeoutMs: 30_000,
        deadlineMs: 80_000,
      });
      const r = await router.extract({
        tenant: demoProfile(),
        text: 'Habari, nataka kunyoa nywele kesho saa tisa mchana',
        now: NOW,
        fallback: () => PARSER_UNDERSTANDING,
      });
      expect(r.source).toBe(p.name);
      expect(r.value).toMatchObject({
        language: 'sw',
        intent: 'book',
        serviceIds: ['haircut'],
        date: '2026-11-25',
        time: '15:00',
        source: 'llm',
      });
      expect(ledger.entries.at(-1)).toMatchObject({ outcome: 'ok' });
      expect(ledger.entries.at(-1)!.tokensIn).toBeGreaterThan(0);
    });

    it.runIf(hasKey)('shapes an answer without losing the price', { timeout: 90_000 }, async () => {
      const router = createLlmRouter({
        providers: [p.make()],
        ledger: new MemoryLedgerSink(),
        timeoutMs: 30_000,
        deadlineMs: 80_000,
      });
      const r = await router.shape({
        tenant: demoProfile({ dials: { emoji: 'none', signOff: 'Asante!' } }),
        intent: 'prices',
        topic: 'haircut',
        language: 'en',
        facts: 'Haircut: KES 800, about 30 min.',
      });
      expect(r.source).toBe(p.name);
      expect(r.value).toMatch(/800/);
    });
  });
}
