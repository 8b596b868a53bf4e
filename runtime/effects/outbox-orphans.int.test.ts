import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tenantSchema } from '../../contract/schema-name';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { claimDue, recordOutcomes, releaseOrphans } from '../stores/outbox';

const schema = tenantSchema('demo');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
});
afterAll(() => t.drop());

beforeEach(async () => {
  await t.db.query('DELETE FROM t_demo.outbox');
  // One claimed effect each by: this process, a live member, a process that is gone; one on
  // another shard; one not claimed.
  for (const [key, shard, by] of [
    ['mine', 1, 'me'],
    ['alive', 1, 'alive'],
    ['gone', 1, 'gone'],
    ['elsewhere', 2, 'gone'],
  ] as const) {
    await t.db.query(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, locked_until, locked_by)
       VALUES ('c:1', $1, 'k', '{}', $2, now() + interval '1 minute', $3)`,
      [shard, key, by],
    );
  }
});

const released = async () =>
  (
    await t.db.query<{ idempotency_key: string }>(
      `SELECT idempotency_key FROM t_demo.outbox WHERE locked_until IS NULL ORDER BY 1`,
    )
  ).rows.map((r) => r.idempotency_key);

describe('releaseOrphans', () => {
  it('in a cluster: releases only the claims of processes no longer members', async () => {
    expect(await releaseOrphans(t.db, schema, [1], 'me', ['alive', 'me'])).toBe(1);
    expect(await released()).toEqual(['gone']);
  });

  it('without membership: releases every claim not its own on the shards gained', async () => {
    expect(await releaseOrphans(t.db, schema, [1], 'me', null)).toBe(2);
    expect(await released()).toEqual(['alive', 'gone']);
  });

  it('the next claim of a released or expired claim says the run was interrupted, once', async () => {
    await t.db.query('DELETE FROM t_demo.outbox');
    // A dead owner's claim, a claim whose lease ran out unrecorded, an effect never claimed.
    await t.db.query(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, attempts, locked_until, locked_by)
       VALUES ('c:10', 1, 'k', '{}', 'orphan', 1, now() + interval '1 minute', 'gone'),
              ('c:11', 1, 'k', '{}', 'expired', 1, now() - interval '1 second', 'slow'),
              ('c:12', 1, 'k', '{}', 'fresh', 0, NULL, NULL)`,
    );
    expect(await releaseOrphans(t.db, schema, [1], 'me', ['me', 'slow'])).toBe(1);
    const first = await claimDue(t.db, schema, [1], 10, 60_000, 'me');
    const interrupted = (rows: typeof first) =>
      Object.fromEntries(rows.map((r) => [r.idempotencyKey, r.interrupted]));
    expect(interrupted(first)).toEqual({ orphan: true, expired: true, fresh: false });
    // Their outcomes recorded (a retry due at once): the next claim is an ordinary one.
    await recordOutcomes(
      t.db,
      schema,
      first.map((row) => ({ row, status: 'retry', error: 'x', delayMs: 0 })),
    );
    const again = await claimDue(t.db, schema, [1], 10, 60_000, 'me');
    expect(interrupted(again)).toEqual({ orphan: false, expired: false, fresh: false });
  });
});
