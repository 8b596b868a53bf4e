import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { tenantSchema } from '../../contract';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, startTestRuntime } from '../../test-support/test-runtime';
import { enqueueEffects } from '../stores/outbox';
import { shardOf } from '../supervisor/thread-key';
import type { EffectHandler } from './effect-handler';

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
async function enqueue(threadKey: string, names: string[], slow = false): Promise<void> {
  await enqueueEffects(
    rt.db,
    tenantSchema('demo'),
    names.map((name) => ({
      threadKey,
      shard: shardOf('demo', threadKey, shards),
      kind: 'probe.follow',
      payload: { name, slow },
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
