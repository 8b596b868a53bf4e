import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmJob } from '../../contract';
import { startRouterKit, type RouterKit } from '../../test-support/llm-router-kit';
import { createLlmRouter } from './router';
import { MemoryLedgerSink } from './ledger';
import { LlmProviderError } from './llm-error';
import { SAMPLE_REQUEST } from './testing';
import type { LlmProvider } from './types';

const PARSER = 'the parser says';

/** A small job of the router's own: the answer's `intent`, unless it is "dance". */
function job(overrides: Partial<LlmJob<string>> = {}): LlmJob<string> {
  return {
    task: 'extract',
    tenant: 'demo',
    promptVersion: 'test.v1',
    threadKey: 'c:1',
    call: SAMPLE_REQUEST,
    validate: (output) => {
      const intent = (output as { intent?: unknown } | undefined)?.intent;
      return typeof intent === 'string' && intent !== 'dance'
        ? { ok: true, value: intent }
        : { ok: false, problem: 'intent: not one of the intents' };
    },
    fallback: () => PARSER,
    lastResort: () => 'last resort',
    ...overrides,
  };
}

let kit: RouterKit;
beforeEach(async () => {
  kit = await startRouterKit();
  kit.anthropic.answerWith(() => ({ intent: 'book' }));
  kit.openai.answerWith(() => ({ intent: 'prices' }));
});
afterEach(() => kit.close());

const route = (j = job()) => kit.router.route(j);

const rows = () => kit.ledger.entries.map((e) => [e.provider, e.outcome, e.errorCode]);

describe('llm router', () => {
  it('answers through the first provider and writes one priced ledger row', async () => {
    const r = await route();
    expect(r).toMatchObject({ source: 'anthropic', value: 'book', promptVersion: 'test.v1' });
    expect(kit.openai.calls).toHaveLength(0);
    expect(kit.ledger.entries).toHaveLength(1);
    const row = kit.ledger.entries[0]!;
    expect(row).toMatchObject({
      tenant: 'demo',
      task: 'extract',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      promptVersion: 'test.v1',
      attempt: 1,
      outcome: 'ok',
      errorCode: null,
      threadKey: 'c:1',
    });
    expect(row.tokensIn).toBeGreaterThan(0);
    expect(row.tokensOut).toBeGreaterThan(0);
    expect(row.costUsdMicros).toBeGreaterThan(0);
    expect(row.requestId).toMatch(/^req_/);
  });

  it('retries once after a 429, waiting what retry-after asked', async () => {
    kit.anthropic.script({ kind: 'rate_limited', retryAfterMs: 700 });
    const r = await route();
    expect(r.source).toBe('anthropic');
    expect(kit.anthropic.calls).toHaveLength(2);
    expect(kit.sleeps).toEqual([700]);
    expect(rows()).toEqual([
      ['anthropic', 'error', 'rate_limited'],
      ['anthropic', 'ok', null],
    ]);
  });

  it('fails over at once when retry-after is longer than a chat turn can wait', async () => {
    kit.anthropic.script({ kind: 'rate_limited', retryAfterMs: 30_000 });
    const r = await route();
    expect(r.source).toBe('openai');
    expect(r.value).toBe('prices');
    expect(kit.anthropic.calls).toHaveLength(1);
    expect(kit.sleeps).toEqual([]);
  });

  it('500 twice -> fails over to the other provider', async () => {
    kit.anthropic.script({ kind: 'server_error' }, { kind: 'server_error' });
    const r = await route();
    expect(r.source).toBe('openai');
    expect(r.failures).toEqual(['server_error', 'server_error']);
    expect(rows()).toEqual([
      ['anthropic', 'error', 'server_error'],
      ['anthropic', 'error', 'server_error'],
      ['openai', 'ok', null],
    ]);
    expect(kit.ledger.entries.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(new Set(kit.ledger.entries.map((e) => e.routeId)).size).toBe(1);
  });

  it('timeouts everywhere -> the embedded parser, never a throw', { timeout: 20_000 }, async () => {
    kit.anthropic.failAll({ kind: 'hang' });
    kit.openai.failAll({ kind: 'hang' });
    const r = await route();
    expect(r.source).toBe('embedded');
    expect(r.value).toBe(PARSER);
    expect(kit.anthropic.calls).toHaveLength(2);
    expect(kit.openai.calls).toHaveLength(2);
    expect(rows()).toEqual([
      ['anthropic', 'error', 'timeout'],
      ['anthropic', 'error', 'timeout'],
      ['openai', 'error', 'timeout'],
      ['openai', 'error', 'timeout'],
      ['embedded', 'fallback', 'timeout'],
    ]);
    expect(kit.events.at(-1)).toMatchObject({ type: 'fallback', task: 'extract' });
  });

  it('429 / 500 / overloaded mixed across both providers -> embedded fallback', async () => {
    kit.anthropic.script({ kind: 'rate_limited', retryAfterMs: 10 }, { kind: 'overloaded' });
    kit.openai.script({ kind: 'server_error' }, { kind: 'rate_limited', retryAfterMs: 10 });
    const r = await route();
    expect(r.source).toBe('embedded');
    expect(r.failures).toEqual(['rate_limited', 'overloaded', 'server_error', 'rate_limited']);
    expect(kit.sleeps).toEqual([10, 250]);
  });

  it('an answer that fails the schema counts as a failure and fails over without a retry', async () => {
    kit.anthropic.script({ kind: 'answer', input: { intent: 'dance' } });
    const r = await route();
    expect(r.source).toBe('openai');
    expect(kit.anthropic.calls).toHaveLength(1);
    expect(rows()[0]).toEqual(['anthropic', 'error', 'invalid_output']);
    // The broken answer was billed, so its tokens are in the ledger.
    expect(kit.ledger.entries[0]!.tokensOut).toBeGreaterThan(0);
  });

  it('broken JSON and no tool call are invalid output too', async () => {
    kit.anthropic.script({ kind: 'no_tool_call' });
    kit.openai.script({ kind: 'invalid_json' });
    const r = await route();
    expect(r.source).toBe('embedded');
    expect(rows()).toEqual([
      ['anthropic', 'error', 'invalid_output'],
      ['openai', 'error', 'invalid_output'],
      ['embedded', 'fallback', 'invalid_output'],
    ]);
  });

  it('does not retry a rejected key; fails over', async () => {
    kit.anthropic.script({ kind: 'unauthorized' });
    const r = await route();
    expect(r.source).toBe('openai');
    expect(kit.anthropic.calls).toHaveLength(1);
    expect(rows()[0]).toEqual(['anthropic', 'error', 'auth']);
  });

  it('a job without a call never reaches a model and writes no ledger row', async () => {
    const r = await route(job({ call: null }));
    expect(r).toMatchObject({ source: 'embedded', value: PARSER, failures: [] });
    expect(kit.anthropic.calls).toHaveLength(0);
    expect(kit.ledger.entries).toHaveLength(0);
  });
});

describe('llm router: guarantees', () => {
  const stub = (name: 'anthropic' | 'openai', complete: LlmProvider['complete']): LlmProvider => ({
    name,
    model: `${name}-model`,
    complete,
  });
  const timeout = () => Promise.reject(new LlmProviderError('anthropic', 'timeout', 'slow'));

  it('stops at the deadline and falls back without trying the next provider', async () => {
    let t = 0;
    const second = { called: false };
    const router = createLlmRouter({
      providers: [
        stub('anthropic', () => {
          t += 5000;
          return timeout();
        }),
        stub('openai', () => {
          second.called = true;
          return timeout();
        }),
      ],
      ledger: new MemoryLedgerSink(),
      deadlineMs: 9000,
      clock: () => t,
      sleep: () => Promise.resolve(),
    });
    const r = await router.route(job());
    expect(r.source).toBe('embedded');
    expect(second.called).toBe(false);
  });

  it('pauses a provider that keeps failing, then probes it again', async () => {
    let t = 0;
    const calls: string[] = [];
    const events: string[] = [];
    const fail = (name: 'anthropic' | 'openai') =>
      stub(name, () => {
        calls.push(name);
        return timeout();
      });
    const router = createLlmRouter({
      providers: [fail('anthropic'), fail('openai')],
      ledger: new MemoryLedgerSink(),
      pauseAfterFailures: 3,
      pauseMs: 30_000,
      clock: () => t,
      sleep: () => Promise.resolve(),
      onEvent: (e) => events.push(e.type),
    });
    const ask = () => router.route(job());
    await ask(); // 2 + 2 failures
    await ask(); // the third failure of each pauses it after one try
    expect(calls).toEqual(['anthropic', 'anthropic', 'openai', 'openai', 'anthropic', 'openai']);
    expect(events.filter((e) => e === 'provider_paused')).toHaveLength(2);
    calls.length = 0;
    expect((await ask()).source).toBe('embedded');
    expect(calls).toEqual([]); // both paused: straight to the parser
    t += 30_001;
    await ask(); // one probe each, which fails: paused again at once
    expect(calls).toEqual(['anthropic', 'openai']);
  });

  it('a failing fallback and a failing ledger still answer', async () => {
    const events: string[] = [];
    const router = createLlmRouter({
      providers: [stub('anthropic', timeout)],
      ledger: { record: () => Promise.reject(new Error('db down')) },
      sleep: () => Promise.resolve(),
      onEvent: (e) => events.push(e.type),
    });
    const r = await router.route(
      job({
        fallback: () => {
          throw new Error('parser bug');
        },
      }),
    );
    expect(r.value).toBe('last resort');
    expect(events).toContain('ledger_failed');
    expect(events).toContain('fallback_failed');
  });

  it('an unexpected provider error is a failure, not a crash', async () => {
    const router = createLlmRouter({
      providers: [stub('anthropic', () => Promise.reject(new TypeError('bug')))],
      ledger: new MemoryLedgerSink(),
      sleep: () => Promise.resolve(),
    });
    const r = await router.route(job({ fallback: () => 'Open 8-7.' }));
    expect(r).toMatchObject({
      source: 'embedded',
      value: 'Open 8-7.',
      failures: ['connection', 'connection'],
    });
  });
});
