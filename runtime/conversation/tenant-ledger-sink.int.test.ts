import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpTenant } from '../tenant-setup';
import { parseTenantFile } from '../tenancy/tenant-file';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { createTenantLedgerSink } from './tenant-ledger-sink';
import {
  PARSER_UNDERSTANDING,
  demoProfile,
  extractAnswer,
  startRouterKit,
} from '../../test-support/llm-router-kit';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  await setUpTenant(t.db, parseTenantFile('slug: ledger_a\nname: A'));
  await setUpTenant(t.db, parseTenantFile('slug: ledger_b\nname: B'));
});
afterAll(() => t.drop());

interface Row {
  provider: string;
  model: string;
  prompt_version: string;
  task: string;
  attempt: number;
  outcome: string;
  error_code: string | null;
  tokens_in: number;
  tokens_out: number;
  cached_tokens: number;
  cost_usd_micros: string | null;
  latency_ms: number;
  thread_key: string | null;
}

const rowsOf = async (slug: string) =>
  (
    await t.db.query<Row>(
      `SELECT provider, model, prompt_version, task, attempt, outcome, error_code, tokens_in,
              tokens_out, cached_tokens, cost_usd_micros, latency_ms, thread_key
       FROM t_${slug}.llm_ledger ORDER BY id`,
    )
  ).rows;

describe('tenant ledger sink (Postgres)', () => {
  it("writes one row per model call into the calling tenant's own schema", async () => {
    const kit = await startRouterKit({ router: { ledger: createTenantLedgerSink(t.db) } });
    try {
      kit.anthropic.script({ kind: 'server_error' }, { kind: 'server_error' });
      kit.openai.answerWith(() =>
        extractAnswer({
          language: 'sw',
          intent: 'hours',
          confidence: 0.8,
          service_ids: [],
          date: null,
          time: null,
          topic: 'mnafungua saa ngapi',
        }),
      );
      const r = await kit.extract({
        tenant: demoProfile({ slug: 'ledger_a' }),
        text: 'Mnafungua saa ngapi?',
        now: Date.now(),
        threadKey: 'c:7',
        fallback: () => PARSER_UNDERSTANDING,
      });
      expect(r.value.intent).toBe('hours');
      kit.openai.failAll({ kind: 'hang' });
      kit.anthropic.failAll({ kind: 'hang' });
      await kit.shape({
        tenant: demoProfile({ slug: 'ledger_a' }),
        intent: 'hours',
        language: 'sw',
        facts: 'Leo tuko wazi 08:00–19:00.',
      });
    } finally {
      await kit.close();
    }
    const rows = await rowsOf('ledger_a');
    expect(rows.map((r) => [r.task, r.provider, r.attempt, r.outcome, r.error_code])).toEqual([
      ['extract', 'anthropic', 1, 'error', 'server_error'],
      ['extract', 'anthropic', 2, 'error', 'server_error'],
      ['extract', 'openai', 3, 'ok', null],
      ['shape', 'anthropic', 1, 'error', 'timeout'],
      ['shape', 'anthropic', 2, 'error', 'timeout'],
      ['shape', 'openai', 3, 'error', 'timeout'],
      ['shape', 'openai', 4, 'error', 'timeout'],
      ['shape', 'embedded', 5, 'fallback', 'timeout'],
    ]);
    const ok = rows[2]!;
    expect(ok).toMatchObject({
      model: 'gpt-4.1-mini',
      prompt_version: 'extract.v1+prefix.v1',
      thread_key: 'c:7',
    });
    expect(ok.tokens_in).toBeGreaterThan(0);
    expect(Number(ok.cost_usd_micros)).toBeGreaterThan(0);
    expect(rows[3]!.prompt_version).toBe('shape.v1+prefix.v1');
    expect(await rowsOf('ledger_b')).toEqual([]);
  });

  it('stores no cost for a model missing from the price table', async () => {
    await createTenantLedgerSink(t.db).record({
      tenant: 'ledger_b',
      routeId: 'r1',
      task: 'extract',
      provider: 'openai',
      model: 'gpt-next-preview',
      promptVersion: 'extract.v1+prefix.v1',
      attempt: 1,
      outcome: 'ok',
      errorCode: null,
      tokensIn: 10,
      tokensOut: 5,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      costUsdMicros: null,
      latencyMs: 12.6,
      requestId: 'req_x',
      threadKey: null,
      at: new Date(),
    });
    expect(await rowsOf('ledger_b')).toMatchObject([{ cost_usd_micros: null, latency_ms: 13 }]);
  });
});
