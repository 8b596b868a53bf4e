/**
 * Regression (issue 17): in cluster mode a connection lost while recording send outcomes left the
 * effects claimed until the 60 s lease ended; replies in those conversations waited up to 73 s
 * (and a claim that expired would send them again). The outcomes are now recorded again promptly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { createFaults } from '../faults';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { engineSignals } from '../signal';
import { TenantRegistry } from '../tenancy/tenant-registry';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import type { EffectHandlers } from './effect-handler';
import { OutboxDispatcher } from './outbox-dispatcher';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true, max: 3 });
});
afterAll(() => t?.drop());

const ownership: ShardOwnership = {
  nodeId: 'me',
  shardCount: 16,
  epochOf: () => 1,
  owned: () => [1],
  lost: () => undefined,
  onChange: () => undefined,
  start: () => Promise.resolve(),
  stop: () => Promise.resolve(),
  ready: () => true,
};

/** The test database, but the first `n` attempts to record outcomes lose their connection. */
function losingOutcomes(db: Database, n: number): Database & { lost: () => number } {
  let left = n;
  const lose = () => {
    left--;
    return Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
  };
  const records = (text: string) => /SET status = x\.status/.test(text);
  return {
    ...db,
    query: (text: string, values?: unknown[]) =>
      records(text) && left > 0 ? Promise.reject(lose()) : db.query(text, values),
    transaction: (fn) => (left > 0 ? Promise.reject(lose()) : db.transaction(fn)),
    lost: () => n - Math.max(0, left),
  };
}

describe('recording outcomes after a lost connection', () => {
  it.each([
    ['a reply send (no answer to the thread)', false],
    ['a call whose result goes back to the thread', true],
  ])('%s is recorded within seconds, not after the lease, and sent once', async (_, answers) => {
    const kind = answers ? 'test.call' : 'test.send';
    await t.db.query(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key)
       SELECT 'c:' || g, 1, $1, '{}', $1 || ':' || g FROM generate_series(1, 3) g`,
      [kind],
    );
    const sent: string[] = [];
    const handlers: EffectHandlers = new Map([
      [kind, { answers, run: (_p, ctx) => (sent.push(ctx.idempotencyKey), Promise.resolve({})) }],
    ]);
    const db = losingOutcomes(t.db, 2);
    const dispatcher = new OutboxDispatcher(
      {
        signals: engineSignals(),
        db,
        tenants: new TenantRegistry(t.db),
        ownership,
        handlers,
        waker: { wake: () => undefined },
        metrics: createMetrics(),
        log: createLogger({ level: 'silent', logPii: false }),
        faults: createFaults(undefined),
      },
      { pollMs: 120_000, leaseMs: 60_000 },
    );
    try {
      const started = Date.now();
      dispatcher.kick('demo');
      await expect
        .poll(
          async () =>
            (
              await t.db.query(
                `SELECT 1 FROM t_demo.outbox WHERE kind = $1 AND status = 'done' AND locked_until IS NULL`,
                [kind],
              )
            ).rowCount,
          { timeout: 15_000, interval: 100 },
        )
        .toBe(3);
      expect(db.lost()).toBe(2);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(sent.sort()).toEqual([1, 2, 3].map((g) => `${kind}:${g}`));
      if (answers) {
        const events = await t.db.query(
          `SELECT 1 FROM t_demo.inbox WHERE source = 'outbox' AND event->>'kind' = $1`,
          [kind],
        );
        expect(events.rowCount).toBe(3);
      }
    } finally {
      await dispatcher.stop();
    }
  });
});
