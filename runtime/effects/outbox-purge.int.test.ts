import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSchema } from '../db/schema-name';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { eventually, startTestRuntime } from '../testing/test-runtime';
import { purgeDone } from './outbox-store';

const schema = tenantSchema('demo');
const DAY = 24 * 3600_000;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
  // key, shard, status, finished this many days ago
  for (const [key, shard, status, daysAgo] of [
    ['old-done', 1, 'done', 20],
    ['old-done-2', 1, 'done', 15],
    ['old-done-other-shard', 2, 'done', 20],
    ['recent-done', 1, 'done', 2],
    ['old-dead', 1, 'dead', 20],
    ['pending', 1, 'pending', null],
  ] as const)
    await t.db.query(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, status, done_at)
       VALUES ('c:1', $1, 'k', '{}', $2, $3, now() - make_interval(days => $4))`,
      [shard, key, status, daysAgo],
    );
});
afterAll(() => t.drop());

const keys = async () =>
  (
    await t.db.query<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM t_demo.outbox ORDER BY id',
    )
  ).rows.map((r) => r.idempotency_key);

describe('purgeDone', () => {
  it('deletes only done effects past the retention, on the given shards, in batches', async () => {
    expect(await purgeDone(t.db, schema, [1], 14 * DAY, 1)).toBe(1);
    expect(await purgeDone(t.db, schema, [1], 14 * DAY, 10)).toBe(1);
    expect(await purgeDone(t.db, schema, [1], 14 * DAY, 10)).toBe(0);
    expect(await keys()).toEqual([
      'old-done-other-shard', // not this process's shard
      'recent-done', // within the retention
      'old-dead', // dead letters stay for the operator
      'pending',
    ]);
  });
});

describe('the dispatcher', () => {
  it('deletes the old done effects of the shards it owns', async () => {
    const db = await createTestDatabase();
    // Shards 0..15 (the test runtime's count); one done 20 days ago, one done today.
    const rt = await startTestRuntime(db.url, { RATIBA_OUTBOX_RETENTION_DAYS: '14' });
    try {
      await db.db.query(
        `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, status, done_at)
         VALUES ('c:1', 3, 'k', '{}', 'ancient', 'done', now() - interval '20 days'),
                ('c:1', 3, 'k', '{}', 'today', 'done', now())`,
      );
      await eventually(() => Promise.resolve(rt.ownership.owned().length === 16 || undefined));
      expect(await rt.dispatcher.purge()).toBe(1);
      const { rows } = await db.db.query<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM t_demo.outbox WHERE idempotency_key IN ('ancient', 'today')`,
      );
      expect(rows.map((r) => r.idempotency_key)).toEqual(['today']);
    } finally {
      await rt.stop();
      await db.drop();
    }
  });
});
