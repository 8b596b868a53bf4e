/**
 * Live tests against the real APIs: each provider alone behind the router, one extraction and
 * one shaping. They run only with a key (ANTHROPIC_API_KEY / OPENAI_API_KEY, optionally
 * ANTHROPIC_MODEL / OPENAI_MODEL) and cost a fraction of a cent; without a key they are skipped,
 * and the skipped test's name says why.
 */
import { describe, expect, it } from 'vitest';
import { MemoryLedgerSink, createLlmRouter } from '../adapters/llm';
import { LIVE_PROVIDERS, PARSER_UNDERSTANDING, demoProfile } from '../test-support/llm-router-kit';
import { createLlmJobs } from './llm-jobs';

// Tuesday 2026-11-24 14:00 in Nairobi.
const NOW = Date.UTC(2026, 10, 24, 11, 0);
const jobs = createLlmJobs();

for (const p of LIVE_PROVIDERS) {
  const { hasKey } = p;
  const make = () => p.make(30_000);
  describe(`live ${p.name}`, () => {
    // Shows up as a skipped test whose name is the reason.
    if (!hasKey) it.skip(`${p.key} is not set: live ${p.name} tests skipped`, () => {});

    it.runIf(hasKey)('extracts a Swahili booking request', { timeout: 90_000 }, async () => {
      const ledger = new MemoryLedgerSink();
      const router = createLlmRouter({
        providers: [make()],
        ledger,
        timeoutMs: 30_000,
        deadlineMs: 80_000,
      });
      const job = jobs.extract({
        tenant: demoProfile(),
        text: 'Habari, nataka kunyoa nywele kesho saa tisa mchana',
        now: NOW,
        fallback: () => PARSER_UNDERSTANDING,
      });
      const r = await router.route(job);
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
        providers: [make()],
        ledger: new MemoryLedgerSink(),
        timeoutMs: 30_000,
        deadlineMs: 80_000,
      });
      const job = jobs.shape({
        tenant: demoProfile({ dials: { emoji: 'none', signOff: 'Asante!' } }),
        intent: 'prices',
        topic: 'haircut',
        language: 'en',
        facts: 'Haircut: KES 800, about 30 min.',
      });
      const r = await router.route(job);
      expect(r.source).toBe(p.name);
      expect(r.value).toMatch(/800/);
    });
  });
}
