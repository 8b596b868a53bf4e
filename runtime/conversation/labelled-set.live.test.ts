/**
 * The LLM path measured on the labelled utterance set (understanding/fixtures), like the parser
 * in understanding/labelled-set.test.ts: per provider, per language group, intent and slot
 * accuracy printed. Runs only with a key (ANTHROPIC_API_KEY / OPENAI_API_KEY, optionally
 * LLM_LABELLED_LIMIT to measure a prefix of the set); without one it is skipped, and the
 * skipped test's name says why. About 330 short calls per provider.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLlmRouter, MemoryLedgerSink } from '../../adapters/llm';
import { demoProfile, LIVE_PROVIDERS } from '../../test-support/llm-router-kit';
import { createEmbeddedParser, createLlmJobs } from '../../understanding';
import { DEMO_CATALOG, NAIROBI, NOW } from '../../understanding/fixtures/demo-catalog';
import {
  parseLabelledSet,
  pct,
  scoreTable,
  slotErrors,
  slotsOf,
  type Score,
} from '../../understanding/labelled-set';

const env = process.env;
const SET = parseLabelledSet(
  readFileSync(
    new URL('../../understanding/fixtures/labelled-utterances.txt', import.meta.url),
    'utf8',
  ),
).slice(0, Number(env.LLM_LABELLED_LIMIT) || undefined);
const parser = createEmbeddedParser(DEMO_CATALOG);
const jobs = createLlmJobs();
const tenant = demoProfile({ services: DEMO_CATALOG.services, staff: DEMO_CATALOG.staff });

for (const p of LIVE_PROVIDERS) {
  const hasKey = p.hasKey;
  describe(`live ${p.name} on the labelled set`, () => {
    if (!hasKey) it.skip(`${p.key} is not set: the labelled set is not run on ${p.name}`, () => {});

    it.runIf(hasKey)(
      'prints intent and slot accuracy per language',
      { timeout: 1_800_000 },
      async () => {
        const router = createLlmRouter({
          providers: [p.make(30_000)],
          ledger: new MemoryLedgerSink(),
          timeoutMs: 30_000,
          deadlineMs: 80_000,
        });
        const groups = new Map<string, Score>();
        let fellBack = 0;
        for (const item of SET) {
          const ctx = { now: NOW, timezone: NAIROBI };
          const parsed = parser.parse(item.text, ctx);
          const r = await router.route(
            jobs.extract({
              tenant,
              text: item.text,
              now: NOW,
              hint: parsed,
              fallback: () => parsed,
            }),
          );
          if (r.source === 'embedded') fellBack += 1;
          const s = groups.get(item.group) ?? { group: item.group, n: 0, intentOk: 0, slotsOk: 0 };
          s.n += 1;
          if (r.value.intent === item.intent) s.intentOk += 1;
          if (slotErrors(item.slots, slotsOf(r.value)).length === 0) s.slotsOk += 1;
          groups.set(item.group, s);
        }
        const rows = [...groups.values()];
        const n = rows.reduce((a, s) => a + s.n, 0);
        const intentOk = rows.reduce((a, s) => a + s.intentOk, 0);
        console.log(
          `${p.name}, labelled set (${fellBack} fell back to the parser):\n${scoreTable(rows)}`,
        );
        expect(pct(intentOk, n)).toBeGreaterThan(0);
      },
    );
  });
}
