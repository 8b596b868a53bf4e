import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatibaError } from '../../contract';
import { tenantSchema } from '../../contract/schema-name';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { InboxWriter } from './inbox-writer';
import { claimShards } from './shard-leases';
import { setTimers } from './timers';
import { writeTenantTurns, writeTurns, type TurnWrite } from './turn-write';

/**
 * The fused turn statement: fence, inbox, journal, snapshot, outbox, timers and messages in one
 * statement, each turn written only under the epoch it was run with, and a stale writer's short
 * count refusing the statement as a whole.
 */
const schema = tenantSchema('demo');
let t: TestDatabase;
let inbox: InboxWriter;
let epochs: Map<number, number>;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
  inbox = new InboxWriter(t.db, { maxBatch: 16, concurrency: 1 });
  epochs = await claimShards(t.db, 'n1', [1, 2, 3], 60_000);
});
afterAll(() => t.drop());

async function pending(threadKey: string, shard: number): Promise<number> {
  const id = await inbox.write(schema, {
    eventId: `e:${threadKey}:${Math.random()}`,
    threadKey,
    kind: 'customer',
    customerId: null,
    shard,
    source: 'test',
    channel: 'simulator',
    event: { type: 'message', at: 1, text: 'hi' },
  });
  return id!;
}

function turn(threadKey: string, shard: number, inboxId: number, seq = 1): TurnWrite {
  return {
    tenant: 'demo',
    schema,
    shard,
    epoch: epochs.get(shard)!,
    threadKey,
    inboxId,
    inboxStatus: 'processed',
    journal: {
      seq,
      eventType: 'message',
      event: { type: 'message' },
      stateBefore: 'idle',
      stateAfter: 'idle',
      effects: [],
      outcome: 'applied',
    },
    snapshot: { machine: 'probe', version: 1, snapshot: { n: seq }, stateValue: 'idle', seq },
    outbox: [
      { kind: 'test.send', payload: { t: threadKey }, idempotencyKey: `o:${threadKey}:${seq}` },
    ],
    timersSet: [{ key: 'remind', fireAt: Date.now() + 3_600_000, event: { type: 'reminder' } }],
    timersCancel: ['old'],
    messages: [
      {
        threadKey: `a:for-${threadKey}`,
        kind: 'admin',
        customerId: null,
        shard: 3,
        eventId: `msg:${threadKey}:${seq}`,
        source: 'thread',
        event: { type: 'relay', fromThread: threadKey },
      },
    ],
  };
}

/** How many rows each table holds for a thread (and its message's target). */
async function rowsOf(threadKey: string) {
  const { rows } = await t.db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM t_demo.inbox WHERE thread_key = $1 AND status = 'processed')::int AS processed,
       (SELECT count(*) FROM t_demo.journal WHERE thread_key = $1)::int AS journal,
       (SELECT count(*) FROM t_demo.actor_snapshots WHERE thread_key = $1)::int AS snapshots,
       (SELECT count(*) FROM t_demo.outbox WHERE thread_key = $1)::int AS outbox,
       (SELECT count(*) FROM t_demo.timers WHERE thread_key = $1 AND timer_key = 'remind')::int AS timers,
       (SELECT count(*) FROM t_demo.timers WHERE thread_key = $1 AND timer_key = 'old')::int AS old,
       (SELECT count(*) FROM t_demo.inbox WHERE thread_key = 'a:for-' || $1)::int AS delivered`,
    [threadKey],
  );
  return rows[0]!;
}

const oldTimer = (threadKey: string, shard: number) =>
  setTimers(t.db, schema, [
    { threadKey, timerKey: 'old', shard, fireAtMs: Date.now() + 60_000, event: { type: 'x' } },
  ]);

describe('the fused turn statement', () => {
  it("writes every row of a held shard's turn and none of a turn whose epoch is stale", async () => {
    const [a, b] = [await pending('c:fa', 1), await pending('c:fb', 2)];
    await oldTimer('c:fa', 1);
    await oldTimer('c:fb', 2);
    // Another node claims shard 2: n1's epoch for it is stale now.
    await claimShards(t.db, 'n2', [2], 60_000);
    const out = await writeTenantTurns(t.db, 'n1', [turn('c:fa', 1, a), turn('c:fb', 2, b)]);
    expect([...out.stale]).toEqual([2]);
    expect(out.delivered).toEqual([
      expect.objectContaining({ tenant: 'demo', threadKey: 'a:for-c:fa', shard: 3 }),
    ]);
    const all = { processed: 1, journal: 1, snapshots: 1, outbox: 1, timers: 1, old: 0 };
    expect(await rowsOf('c:fa')).toEqual({ ...all, delivered: 1 });
    const none = { processed: 0, journal: 0, snapshots: 0, outbox: 0, timers: 0, old: 1 };
    expect(await rowsOf('c:fb')).toEqual({ ...none, delivered: 0 });
  });

  it('refuses the whole statement when an inbox row was already processed (a second writer)', async () => {
    const [c, d] = [await pending('c:fc', 1), await pending('c:fd', 3)];
    await writeTenantTurns(t.db, 'n1', [turn('c:fc', 1, c)]);
    // The same inbox row again (as a second writer would), beside a turn that is fine alone.
    const refused = writeTenantTurns(t.db, 'n1', [turn('c:fc', 1, c, 2), turn('c:fd', 3, d)]);
    await expect(refused).rejects.toThrow(RatibaError);
    await expect(refused).rejects.toMatchObject({ code: 'stale_epoch' });
    expect(await rowsOf('c:fd')).toEqual({
      processed: 0,
      journal: 0,
      snapshots: 0,
      outbox: 0,
      timers: 0,
      old: 0,
      delivered: 0,
    });
    expect((await rowsOf('c:fc')).journal).toBe(1);
  });

  it("inside the caller's transaction (several tenants' batch): rolled back, nothing is left", async () => {
    const e = await pending('c:fe', 1);
    for (const end of ['ROLLBACK', 'COMMIT']) {
      const client = await t.db.pool.connect();
      try {
        await client.query('BEGIN');
        const out = await writeTurns(client, 'n1', [turn('c:fe', 1, e), turn('c:ff', 2, e)]);
        expect([...out.stale]).toEqual([2]);
        await client.query(end);
      } finally {
        client.release();
      }
      expect((await rowsOf('c:fe')).journal).toBe(end === 'COMMIT' ? 1 : 0);
    }
  });
});
