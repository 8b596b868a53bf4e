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
/** `probe.hold`: runs until `gate` opens; `holding` counts the runs under way. */
let holding = 0;
let openGate: () => void = () => undefined;
const gate = new Promise<void>((r) => (openGate = r));
const hold: EffectHandler = {
  answers: false,
  async run(payload) {
    ran.push(String(payload.name));
    holding++;
    await gate;
    holding--;
    return {};
  },
};

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
/** `probe.receipt`: unordered, like a read receipt; runs until `openReceipt` is called. */
let receiptRunning = false;
let openReceipt: () => void = () => undefined;
const receiptGate = new Promise<void>((r) => (openReceipt = r));
const receipt: EffectHandler = {
  answers: false,
  unordered: true,
  async run() {
    receiptRunning = true;
    await receiptGate;
    receiptRunning = false;
    return {};
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await startTestRuntime(
    t.url,
    { RATIBA_OUTBOX_POLL_MS: '60000' },
    { handlers: { 'probe.follow': probe, 'probe.hold': hold, 'probe.receipt': receipt } },
  );
});
afterAll(async () => {
  release?.();
  openGate();
  openReceipt();
  await rt?.stop();
  await t?.drop();
});

const shards = 16;
async function enqueue(
  threadKey: string,
  names: string[],
  slow = false,
  deferOnce?: number,
  kind = 'probe.follow',
): Promise<void> {
  await enqueueEffects(
    rt.db,
    tenantSchema('demo'),
    names.map((name) => ({
      threadKey,
      shard: shardOf('demo', threadKey, shards),
      kind,
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

describe('outbox claims while other effects are in flight', () => {
  // Regression (issue 19): claims ran in at most four claim-run-record loops per tenant, each
  // waiting for its whole batch to be carried out and recorded. With four batches busy (slow
  // calls of other threads), a reply committed meanwhile waited for one of them to finish: a
  // fixed wait of a batch's slowest effect on every reply at 8+ customers.
  it('an effect kicked while four slow effects of other threads are being carried out is claimed at once', async () => {
    ran.length = 0;
    try {
      for (let i = 1; i <= 4; i++) {
        await enqueue(`c:hold-${i}`, [`hold-${i}`], false, undefined, 'probe.hold');
        // Each claimed on its own (a separate claim per kick), before the next is written.
        await eventually(() => Promise.resolve(holding === i), 5_000, 5);
      }
      await enqueue('c:hold-free', ['free']);
      await eventually(() => Promise.resolve(ran.includes('free')), 3_000, 5);
      expect(holding).toBe(4);
    } finally {
      openGate();
    }
    await eventually(() => Promise.resolve(holding === 0), 5_000, 5);
  });
});

describe('read receipts beside the thread line', () => {
  // Regression (issue 19): the message's read receipt, written with its inbox row, was the
  // thread's oldest effect, so the reply committed by the turn waited for the receipt's claim,
  // its Graph call and its record before it could be claimed.
  it("a reply committed while its thread's read receipt is in flight leaves without waiting for it", async () => {
    ran.length = 0;
    try {
      await enqueue('c:receipt-1', ['receipt'], false, undefined, 'probe.receipt');
      await eventually(() => Promise.resolve(receiptRunning), 5_000, 5);
      await enqueue('c:receipt-1', ['reply-1', 'reply-2']);
      await eventually(() => Promise.resolve(ran.length === 2), 3_000, 5);
      expect(ran).toEqual(['reply-1', 'reply-2']);
      expect(receiptRunning).toBe(true);
    } finally {
      openReceipt();
    }
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
