import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { tenantSchema } from '../../contract/schema-name';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { claimDue } from '../stores/outbox';

const schema = tenantSchema('demo');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
  // A long history (5,000 effects done), a backlog (3,000 pending, one per thread, on shard 8)
  // and three pending ones on shard 7, two of them on one thread.
  await t.db.query(
    `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, status)
     SELECT 'c:' || (g % 500), g % 256, 'message.send', '{}', 'done-' || g, 'done'
     FROM generate_series(1, 5000) g`,
  );
  await t.db.query(
    `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key)
     SELECT 'c:' || (1000 + g), 8, 'message.send', '{}', 'backlog-' || g
     FROM generate_series(1, 3000) g`,
  );
  for (const [key, thread] of [
    ['p1', 'c:1'],
    ['p2', 'c:1'],
    ['p3', 'c:2'],
  ])
    await t.db.query(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key)
       VALUES ($1, 7, 'message.send', '{}', $2)`,
      [thread, key],
    );
  await t.db.query('ANALYZE t_demo.outbox');
});
afterAll(() => t.drop());

interface PlanNode {
  'Relation Name'?: string;
  Alias?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows the claim read from the outbox as `p` (the candidates), from its executed plan. */
function candidatesRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'outbox' && node.Alias === 'p'
      ? (node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)
      : 0;
  return own + (node.Plans ?? []).reduce((n, p) => n + candidatesRead(p), 0);
}

describe('claimDue', () => {
  it('claims the oldest pending effect of each thread', async () => {
    const rows = await claimDue(t.db, schema, [7], 64, 60_000, 'me');
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual(['p1', 'p3']);
    await t.db.query(`UPDATE t_demo.outbox SET locked_until = NULL WHERE status = 'pending'`);
  });

  it('reads only pending rows, however many effects are done', async () => {
    // The claim, executed under EXPLAIN ANALYZE (then rolled back): how many rows it looked at.
    let plan: PlanNode | undefined;
    const explaining = {
      ...t.db,
      query: async (text: string, values?: unknown[]) =>
        t.db
          .transaction(async (tx) => {
            const r = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
              `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
              values,
            );
            plan = r.rows[0]!['QUERY PLAN'][0].Plan;
            throw new Error('roll back');
          })
          .catch(() => ({ rows: [] })),
    } as unknown as Database;
    await claimDue(explaining, schema, [7, 8], 64, 60_000, 'me');
    expect(plan).toBeDefined();
    // 64 claimed (and the few skipped as not first of their thread); never the 5,000 done.
    expect(candidatesRead(plan!)).toBeLessThan(500);
  });
});
