import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { ProviderError } from '../../contract/errors';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { simulate, startTestRuntime } from '../../test-support/test-runtime';
import { deferEffect, type EffectHandler } from './effect-handler';

let t: TestDatabase;
let rt: Runtime;
const runs: { at: number; attempt: number }[] = [];
let mode: 'defer' | 'retry-after' = 'defer';

/** probe.echo that first defers (twice) or fails with a Retry-After, then answers. */
const echo: EffectHandler = {
  answers: true,
  run(payload, ctx) {
    runs.push({ at: Date.now(), attempt: ctx.attempt });
    if (mode === 'defer' && runs.length <= 2) return Promise.resolve(deferEffect(150, 'test'));
    if (mode === 'retry-after' && runs.length === 1) {
      const err = new ProviderError('test', 'throttled', { retryable: true, status: 429 });
      return Promise.reject(Object.assign(err, { retryAfterMs: 600 }));
    }
    return Promise.resolve({ echo: payload.text ?? null });
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await startTestRuntime(t.url, {}, { handlers: { 'probe.echo': echo } });
});
afterAll(async () => {
  await rt?.stop();
  await t?.drop();
});

describe('outbox deferrals and Retry-After', () => {
  it('a handler that returns a deferral runs again after the delay, without using an attempt', async () => {
    runs.length = 0;
    mode = 'defer';
    const r = await simulate(rt.http.url, { from: '+254711009001', text: 'call ping' });
    expect(r.body.replies).toEqual([{ kind: 'text', text: 'call probe.echo: {"echo":"ping"}' }]);
    expect(runs).toHaveLength(3);
    expect(runs.map((x) => x.attempt)).toEqual([1, 1, 1]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(140);
  });

  it("a retryable error's retryAfterMs is honoured over the (shorter) backoff", async () => {
    runs.length = 0;
    mode = 'retry-after';
    const r = await simulate(rt.http.url, { from: '+254711009002', text: 'call pong' });
    expect(r.body.replies).toEqual([{ kind: 'text', text: 'call probe.echo: {"echo":"pong"}' }]);
    expect(runs.map((x) => x.attempt)).toEqual([1, 2]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(590);
  });
});
