import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/database';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually } from '../../test-support/test-runtime';
import { ClusterOwnership } from './cluster-ownership';
import {
  claimFreeShards,
  claimShards,
  fenceShards,
  releaseShards,
  renewShards,
} from '../stores/shard-leases';
import type { Membership } from './membership';
import { shardsOf } from './rendezvous';

/** A membership the test sets by hand (the view every process would converge on). */
class FakeMembership implements Membership {
  members: string[] | undefined;
  private listeners: (() => void)[] = [];
  constructor(
    readonly nodeId: string,
    members: string[],
  ) {
    this.members = members;
  }
  live() {
    return this.members;
  }
  set(members: string[] | undefined) {
    this.members = members;
    for (const l of this.listeners) l();
  }
  onChange(l: () => void) {
    this.listeners.push(l);
  }
  async start() {}
  async stop() {}
}

const SHARDS = 16;
const log = createLogger({ level: 'silent', logPii: false });
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

function node(id: string, members: string[], db: Database = t.db) {
  const m = new FakeMembership(id, members);
  const changes: { gained: number[]; lost: number[] }[] = [];
  const o = new ClusterOwnership(
    { db, membership: m, log, metrics: createMetrics() },
    { nodeId: id, shardCount: SHARDS, leaseTtlMs: 1500, tickMs: 100 },
  );
  o.onChange((c) => changes.push(c));
  return { m, o, changes };
}

describe('cluster ownership', () => {
  it('takes a live owner’s shards only once released; a dead owner’s once its lease expires', async () => {
    // a has a pool of its own, so the test can cut it off from the database like a crash.
    const aDb = createDatabase({ connectionString: t.url, max: 2 });
    const a = node('a', ['a'], aDb);
    await a.o.start();
    expect(a.o.owned()).toHaveLength(SHARDS);
    const epochs = new Map(a.o.owned().map((s) => [s, a.o.epochOf(s)!]));

    // b joins: a (seeing b) releases b's share at once, and b claims it with a higher epoch.
    const b = node('b', ['a', 'b']);
    await b.o.start();
    a.m.set(['a', 'b']);
    const bShare = shardsOf('b', ['a', 'b'], SHARDS);
    await eventually(() => Promise.resolve(b.o.ready()));
    expect(b.o.owned().sort((x, y) => x - y)).toEqual(bShare);
    for (const s of bShare) expect(b.o.epochOf(s)).toBe(epochs.get(s)! + 1);
    expect(a.o.owned()).toHaveLength(SHARDS - bShare.length);
    expect(a.changes.some((c) => c.lost.length === bShare.length)).toBe(true);

    // a goes silent (stops renewing without releasing, like kill -9): b waits for the leases.
    const aShare = a.o.owned();
    const stoppedAt = Date.now();
    await aDb.close();
    b.m.set(['b']);
    await new Promise((r) => setTimeout(r, 500));
    expect(b.o.owned()).toHaveLength(bShare.length); // a's leases have not expired yet
    await eventually(() => Promise.resolve(b.o.owned().length === SHARDS), 5000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1400);
    for (const s of aShare) expect(b.o.epochOf(s)).toBeGreaterThan(epochs.get(s)!);
    await b.o.stop();
    await a.o.stop(); // its release fails (no database) and is only logged
  });

  it('without membership it keeps and renews what it holds, and claims nothing', async () => {
    const c = node('c', ['c']);
    await c.o.start();
    const held = c.o.owned().length;
    c.m.set(undefined);
    await new Promise((r) => setTimeout(r, 2000)); // longer than the lease: renewed meanwhile
    expect(c.o.owned()).toHaveLength(held);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public.shard_leases WHERE owner = 'c' AND expires_at > now()`,
    );
    expect(rows[0]!.n).toBe(held);
    await c.o.stop();
    const after = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public.shard_leases WHERE owner = 'c'`,
    );
    expect(after.rows[0]!.n).toBe(0); // released on stop
  });

  // Regression: the fence took FOR SHARE, so a renewal (FOR UPDATE) queued behind every commit in
  // flight; on a busy machine renewals took up to a second (half the test lease) and a graceful
  // handover waited for the leaver's commits before releasing.
  it('a commit in flight holds off claims, but not renewals or releases', async () => {
    const shards = [100, 101];
    const epochs = await claimShards(t.db, 'f', shards, 60_000);
    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN');
      expect(await fenceShards(client, 'f', shards)).toEqual(epochs);
      const quick = <T>(p: Promise<T>) =>
        Promise.race([
          p,
          new Promise<never>((_, rej) => setTimeout(() => rej(new Error('blocked')), 2000)),
        ]);
      // The owner renews and releases without waiting for its own commit.
      expect(await quick(renewShards(t.db, 'f', epochs, 60_000))).toEqual(new Set(shards));
      await quick(releaseShards(t.db, 'f', epochs));
      // Released, yet not claimable while the commit that checked the old epoch is open.
      expect(await quick(claimFreeShards(t.db, 'g', shards, 60_000))).toEqual(new Map());
      let claimed = false;
      const forced = claimShards(t.db, 'g', shards, 60_000).then((m) => ((claimed = true), m));
      await new Promise((r) => setTimeout(r, 300));
      expect(claimed).toBe(false); // an unconditional claim waits for the commit
      await client.query('COMMIT');
      const after = await forced;
      for (const s of shards) expect(after.get(s)).toBe(epochs.get(s)! + 1);
    } finally {
      client.release();
    }
    // The old owner's next fence finds nothing it holds.
    expect(await fenceShards(t.db, 'f', shards)).toEqual(new Map());
  });
});
