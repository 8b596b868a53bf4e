import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, startTestRuntime } from '../../test-support/test-runtime';
import { purgeFinished } from './retention';
import { tenantSchema } from '../../contract/schema-name';

const schema = tenantSchema('demo');
const DAY = 24 * 3600_000;
let t: TestDatabase;

/** One outbox row and one inbox row per case: shard, status (outbox, inbox), finished days ago. */
const CASES = [
  ['old', 1, 'done', 'processed', 20],
  ['old-2', 1, 'done', 'processed', 15],
  ['old-other-shard', 2, 'done', 'processed', 20],
  ['recent', 1, 'done', 'processed', 2],
  ['old-dead', 1, 'dead', 'dead', 20],
  ['pending', 1, 'pending', 'pending', null],
] as const;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
  for (const [key, shard, outbox, inbox, daysAgo] of CASES) {
    await t.db.query(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, status, done_at)
       VALUES ('c:1', $1, 'k', '{}', $2, $3, now() - make_interval(days => $4))`,
      [shard, key, outbox, daysAgo],
    );
    await t.db.query(
      `INSERT INTO t_demo.inbox (event_id, thread_key, shard, source, event, status, processed_at)
       VALUES ($2, 'c:1', $1, 'test', '{}', $3, now() - make_interval(days => $4))`,
      [shard, key, inbox, daysAgo],
    );
  }
});
afterAll(() => t.drop());

const left = async (table: 'outbox' | 'inbox') =>
  (
    await t.db.query<{ key: string }>(
      table === 'outbox'
        ? 'SELECT idempotency_key AS key FROM t_demo.outbox ORDER BY id'
        : 'SELECT event_id AS key FROM t_demo.inbox ORDER BY id',
    )
  ).rows.map((r) => r.key);

describe('purgeFinished', () => {
  it.each(['outbox', 'inbox'] as const)(
    '%s: deletes only finished rows past the retention, on the given shards, in batches',
    async (table) => {
      expect(await purgeFinished(t.db, schema, table, [1], 14 * DAY, 1)).toBe(1);
      expect(await purgeFinished(t.db, schema, table, [1], 14 * DAY, 10)).toBe(1);
      expect(await purgeFinished(t.db, schema, table, [1], 14 * DAY, 10)).toBe(0);
      expect(await left(table)).toEqual([
        'old-other-shard', // not this process's shard
        'recent', // within the retention
        'old-dead', // dead letters stay for the operator
        'pending',
      ]);
    },
  );
});

describe('the runtime', () => {
  it('sweeps the shards it owns, and keeps the journal', async () => {
    const db = await createTestDatabase();
    const rt = await startTestRuntime(db.url, { RATIBA_RETENTION_DAYS: '14' });
    try {
      await db.db.query(
        `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, status, done_at)
         VALUES ('c:1', 3, 'k', '{}', 'ancient', 'done', now() - interval '20 days'),
                ('c:1', 3, 'k', '{}', 'today', 'done', now());
         INSERT INTO t_demo.inbox (event_id, thread_key, shard, source, event, status, processed_at)
         VALUES ('ancient', 'c:1', 3, 'test', '{}', 'processed', now() - interval '20 days'),
                ('today', 'c:1', 3, 'test', '{}', 'processed', now());`,
      );
      // A real turn: its journal row must survive any sweep.
      const r = await fetch(`${rt.http.url}/api/simulator/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo', from: '+254712000999', text: 'ping' }),
      });
      expect(r.status).toBe(200);
      await eventually(() => Promise.resolve(rt.ownership.owned().length === 16 || undefined));
      expect(await rt.retention.sweep()).toEqual({ outbox: 1, inbox: 1 });
      const { rows } = await db.db.query<{ n: string; j: string }>(
        `SELECT (SELECT count(*) FROM t_demo.outbox WHERE idempotency_key = 'ancient')
              + (SELECT count(*) FROM t_demo.inbox WHERE event_id = 'ancient') AS n,
                (SELECT count(*) FROM t_demo.journal) AS j`,
      );
      expect(Number(rows[0]!.n)).toBe(0);
      expect(Number(rows[0]!.j)).toBeGreaterThan(0);
    } finally {
      await rt.stop();
      await db.drop();
    }
  });
});
