/**
 * The runtime with both model providers configured, pointed at the local fake servers by base
 * URL: a message is understood by the (fake) model and the inquiry answer is reworded by it;
 * with both providers failing, the embedded parser understands and the embedded answer goes out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Understanding } from '../../contract';
import type { FakeModelCall, FakeModelServer } from '../../adapters/llm/testing';
import type { Runtime } from '../app';
import { extractAnswer } from '../../test-support/llm-router-kit';
import { startModelRuntime, type ModelRuntime } from '../../test-support/model-runtime';
import { simulate } from '../../test-support/test-runtime';

let model: ModelRuntime;
let rt: Runtime;
let anthropic: FakeModelServer;
let openai: FakeModelServer;

/** The facts the router sent to be shaped. */
const factsOf = (call: FakeModelCall) => /<<<\n([\s\S]*)\n>>>/.exec(call.user)?.[1] ?? '';

/** The fake model: "how much to sort my hair" is a price question about a haircut. */
function answer(call: FakeModelCall): unknown {
  if (call.toolName === 'send_reply') return { text: `Sawa! ${factsOf(call)}` };
  return extractAnswer({
    intent: 'prices',
    confidence: 0.93,
    date: null,
    time: null,
    topic: 'cost of sorting out hair',
  });
}

beforeAll(async () => {
  model = await startModelRuntime(400);
  ({ rt, anthropic, openai } = model);
});
afterAll(async () => {
  await model?.stop();
});
beforeEach(() => {
  for (const fake of [anthropic, openai]) {
    fake.failAll(null);
    fake.answerWith(answer);
  }
});

async function understandingOf(from: string, text: string): Promise<Understanding> {
  const { rows } = await rt.db.query<{ event: { understanding: Understanding } }>(
    `SELECT j.event FROM t_demo.journal j WHERE j.event->>'text' = $1
       AND j.thread_key = (SELECT 'c:' || c.id FROM t_demo.customers c WHERE c.phone = $2)`,
    [text, from],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.event.understanding;
}

const ledger = async () =>
  (
    await rt.db.query<{ task: string; provider: string; outcome: string; error_code: string }>(
      'SELECT task, provider, outcome, error_code FROM t_demo.llm_ledger ORDER BY id',
    )
  ).rows;

const repliesText = (r: Awaited<ReturnType<typeof simulate>>) =>
  r.body.replies.map((m) => m.text).join('\n');

describe('runtime with language models (fake servers)', () => {
  it('understands a message through the model and shapes the answer in its voice', async () => {
    const text = "what's the damage to sort my hair out";
    const before = anthropic.calls.length;
    const r = await simulate(rt.http.url, { from: '+254711000201', text });
    expect(r.status).toBe(200);
    const u = await understandingOf('+254711000201', text);
    expect(u).toMatchObject({ source: 'llm', intent: 'prices', serviceIds: ['haircut'] });
    // The model saw the message and the demo tenant's catalog in its system prefix.
    const extract = anthropic.calls
      .slice(before)
      .find((c) => c.toolName === 'record_understanding');
    expect(extract?.user).toContain(text);
    expect(extract?.system[0]?.text).toContain('Salon Ratiba Demo');
    // The price answer, reworded by the model (the fake prefixes "Sawa!"), facts intact.
    expect(repliesText(r)).toBe('Sawa! Haircut: KES 800, about 30 min.');
    expect(await ledger()).toEqual(
      expect.arrayContaining([
        { task: 'extract', provider: 'anthropic', outcome: 'ok', error_code: null },
        { task: 'shape', provider: 'anthropic', outcome: 'ok', error_code: null },
      ]),
    );
  });

  it('falls back to the embedded parser when both providers fail', async () => {
    anthropic.failAll({ kind: 'server_error' });
    openai.failAll({ kind: 'rate_limited', retryAfterMs: 60_000 });
    const text = 'Nataka kunyoa nywele kesho';
    const r = await simulate(rt.http.url, { from: '+254711000202', text });
    expect(r.status).toBe(200);
    expect(repliesText(r)).not.toBe('');
    expect(repliesText(r)).not.toMatch(/Sawa!/);
    const u = await understandingOf('+254711000202', text);
    expect(u).toMatchObject({ source: 'parser', intent: 'book', serviceIds: ['haircut'] });
    const rows = await ledger();
    expect(rows.slice(-4)).toEqual([
      { task: 'extract', provider: 'anthropic', outcome: 'error', error_code: 'server_error' },
      { task: 'extract', provider: 'anthropic', outcome: 'error', error_code: 'server_error' },
      { task: 'extract', provider: 'openai', outcome: 'error', error_code: 'rate_limited' },
      { task: 'extract', provider: 'embedded', outcome: 'fallback', error_code: 'rate_limited' },
    ]);
  });
});
