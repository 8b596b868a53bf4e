import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { tenantSchema } from '../../contract';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, startTestRuntime } from '../../test-support/test-runtime';
import { enqueueEffects } from '../stores/outbox';
import { shardOf } from '../supervisor/thread-key';
import { deferEffect, type EffectHandler } from './effect-handler';

/**
 * Effects queued behind their thread's effect in flight leave as soon as it is recorded: the
 * backstop poll is set to a minute, so only the dispatcher's follow-up claim can send them.
 */
let t: TestDatabase;
let rt: Runtime;
const ran: string[] = [];
let release: (() => void) | undefined;
let started: (() => void) | undefined;

const probe: EffectHandler = {
  answers: false,
  async run(payload) {
    ran.push(String(payload.name));
    if (payload.deferOnce && ran.filter((n) => n === payload.name).length === 1)
      return deferEffect(Number(payload.deferOnce), 'test');
    if (payload.slow) {
      started?.();
      await new Promise<void>((r) => (release = r));
    }
    return {};
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await startTestRuntime(
    t.url,
    { RATIBA_OUTBOX_POLL_MS: '60000' },
    { handlers: { 'probe.follow': probe } },
  );
});
afterAll(async () => {
  release?.();
  await rt?.stop();
  await t?.drop();
});

const shards = 16;
async function enqueue(
  threadKey: string,
  names: string[],
  slow = false,
  deferOnce?: number,
): Promise<void> {
  await enqueueEffects(
    rt.db,
    tenantSchema('demo'),
    names.map((name) => ({
      threadKey,
      shard: shardOf('demo', threadKey, shards),
      kind: 'probe.follow',
      payload: { name, slow, ...(deferOnce ? { deferOnce } : {}) },
      idempotencyKey: `follow:${threadKey}:${name}`,
    })),
  );
  rt.dispatcher.kick('demo', [threadKey]);
}

describe('outbox follow-up claims', () => {
  it("an effect committed while its thread's previous one is in flight leaves right after it", async () => {
    const inFlight = new Promise<void>((r) => (started = r));
    await enqueue('c:follow-1', ['first'], true);
    await inFlight;
    await enqueue('c:follow-1', ['second']);
    // The claim its kick ran found the thread's oldest effect still in flight: nothing yet.
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toEqual(['first']);
    release!();
    await eventually(() => Promise.resolve(ran.length === 2), 5_000, 10);
    expect(ran).toEqual(['first', 'second']);
  });

  it('effects written together for one thread leave one after the other, in order', async () => {
    ran.length = 0;
    await enqueue('c:follow-2', ['a', 'b', 'c']);
    await eventually(() => Promise.resolve(ran.length === 3), 5_000, 10);
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});

/** `ratiba_outbox_claims_total` by cause, of claims that found effects. */
async function claimsFound(): Promise<Record<string, number>> {
  const m = await rt.metrics.outboxClaims.get();
  const out: Record<string, number> = {};
  for (const v of m.values) if (v.labels.found === 'yes') out[String(v.labels.by)] = v.value;
  return out;
}

describe('outbox claims when a deferred effect is due', () => {
  it('an effect deferred by its handler (a rate limit) is claimed again when due, not by the poll', async () => {
    ran.length = 0;
    const before = await claimsFound();
    await enqueue('c:due-1', ['late', 'after'], false, 150);
    await eventually(() => Promise.resolve(ran.length === 3), 5_000, 10);
    expect(ran).toEqual(['late', 'late', 'after']);
    const after = await claimsFound();
    // The poll is a minute away: the second run of `late` came from the claim scheduled for its
    // due time, and `after` from the follow-up once `late` was recorded.
    expect((after.due ?? 0) - (before.due ?? 0)).toBe(1);
    expect((after.poll ?? 0) - (before.poll ?? 0)).toBe(0);
  });
});
