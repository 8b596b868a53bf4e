import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  checkEffects,
  checkJournal,
  commitsAfterClaim,
  dedupLookups,
  leasesOf,
  measureFailover,
  shardsOwnedBy,
  stopMidCommit,
  turnsWithOutcome,
  waitDrained,
} from '../testing/cluster-checks';
import {
  runBurst,
  startCluster,
  startClusterNode,
  waitBalanced,
  whenAcked,
  type BurstOptions,
  type ClusterNode,
} from '../testing/cluster-kit';
import { startEffectSink } from '../testing/effect-sink';
import { startNatsServer, type TestNatsServer } from '../testing/nats-server';
import { startRedisServer } from '../testing/redis-server';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

/**
 * Three real `ratiba start` processes on one Postgres database and one nats-server (started here
 * with JetStream on a free port, so it can be stopped), under a burst of simulator messages to
 * random processes, with a fault injected mid-burst.
 *
 * Sizes (for a 2-core CI machine): 1,500 messages over 300 threads (5 each, in order; every 10th
 * is a `call` that goes through the outbox and back), 24 threads sending at once, 64 shards,
 * member TTL 1.5 s, lease TTL 2 s, reply timeout 2.5 s (a request is given up after 3.5 s and re-sent
 * to another process with the same message id). Each test asserts that every acknowledged message was applied
 * exactly once, in its thread's order, and that no turn committed under a stale epoch.
 */
const SHARDS = 64;
let t: TestDatabase;
let nats: TestNatsServer;
let nodes: ClusterNode[] = [];

beforeEach(async () => {
  [t, nats] = await Promise.all([createTestDatabase(), startNatsServer()]);
});

afterEach(async () => {
  for (const n of nodes) {
    if (n.proc.exitCode === null && n.proc.signalCode === null) {
      n.proc.kill('SIGCONT');
      n.proc.kill('SIGKILL');
      await n.exited;
    }
  }
  nodes = [];
  await Promise.all([t.drop(), nats.close()]);
});

const burst = (tag: string, prefix: string): BurstOptions => ({
  threads: 300,
  eventsPerThread: 5,
  concurrency: 24,
  requestTimeoutMs: 3500,
  tag,
  phone: (i) => `+2547${prefix}${String(i).padStart(5, '0')}`,
});

async function expectGuarantees(acked: string[][]): Promise<void> {
  await waitDrained(t.db);
  const c = await checkJournal(t.db, acked);
  expect(c.missing).toEqual([]);
  expect(c.duplicated).toEqual([]);
  expect(c.outOfOrder).toEqual([]);
  expect(c.epochRegressions).toEqual([]);
  expect(c.snapshotMismatches).toEqual([]);
  expect(acked.flat()).toHaveLength(1500);
}

describe('cluster under faults', () => {
  it('kill -9 of one of three processes mid-burst: nothing acknowledged is lost or doubled', async () => {
    // Every effect reports its idempotency key to this fake provider before it runs.
    const sink = await startEffectSink();
    onTestFinished(() => sink.close());
    nodes = await startCluster(t, nats.url, 3, { RATIBA_TEST_EFFECT_SINK: sink.url });
    await waitBalanced(nodes, SHARDS);
    const victim = nodes[1]!;
    const shards = await shardsOwnedBy(t.db, victim.id);
    expect(shards.length).toBeGreaterThan(0);
    const third = whenAcked(1 / 3);
    const run = runBurst(() => nodes, burst('kill', '100'), third.onAck);
    await third.reached;
    const killedAt = Date.now();
    victim.proc.kill('SIGKILL');
    const failover = await measureFailover(t.db, victim.id, shards, killedAt);
    const result = await run;
    console.log(
      `failover after kill -9: shards claimed in ${failover.claimedMs} ms, ` +
        `pending events processed in ${failover.processedMs} ms (resent ${result.resent})`,
    );
    await expectGuarantees(result.acked);
    // Replies came back across processes (2 in 3 messages reach a process that is not the
    // owner of their thread): a thread's first message is echoed with its count.
    const firsts = [...result.replies].filter(([id]) => id.endsWith('-0'));
    expect(firsts.length).toBeGreaterThan(200);
    for (const [id, texts] of firsts) expect(texts, id).toEqual(['#1 m0']);
    expect(failover.claimedMs).toBeLessThan(5000);
    // Each effect's key reached the provider; a re-run after the kill carried the same key.
    const effects = await checkEffects(t.db, sink);
    console.log(
      `effects: ${effects.done} done, ${effects.accepted} keys accepted by the provider, ` +
        `${effects.repeats} repeated with the same key`,
    );
    expect(effects.missing).toEqual([]);
    expect(effects.foreign).toEqual([]);
    expect(effects.accepted).toBe(effects.done);
    expect(effects.done).toBeGreaterThan(300); // a reply per message plus the calls
  });

  it('SIGTERM mid-burst hands the shards over at once (no waiting for the lease)', async () => {
    nodes = await startCluster(t, nats.url, 3);
    await waitBalanced(nodes, SHARDS);
    const leaver = nodes[0]!;
    const shards = await shardsOwnedBy(t.db, leaver.id);
    const third = whenAcked(1 / 3);
    const run = runBurst(() => nodes, burst('term', '500'), third.onAck);
    await third.reached;
    const termAt = Date.now();
    leaver.proc.kill('SIGTERM');
    const handover = await measureFailover(t.db, leaver.id, shards, termAt);
    expect((await leaver.exited).code).toBe(0);
    const result = await run;
    console.log(
      `handover after SIGTERM: shards claimed in ${handover.claimedMs} ms, ` +
        `pending events processed in ${handover.processedMs} ms`,
    );
    await expectGuarantees(result.acked);
    // Released, not expired: well under the 2 s lease plus the 1.5 s member TTL.
    expect(handover.claimedMs).toBeLessThan(1500);
  });

  it('SIGSTOP beyond the lease, then SIGCONT: the stale process tries to commit and is refused', async () => {
    nodes = await startCluster(t, nats.url, 3);
    await waitBalanced(nodes, SHARDS);
    const victim = nodes[2]!;
    const shards = await shardsOwnedBy(t.db, victim.id);
    const third = whenAcked(1 / 3);
    const run = runBurst(() => nodes, burst('stop', '200'), third.onAck);
    await third.reached;
    // Paused in the middle of a commit: the worst moment, holding the fence's locks.
    const caught = await stopMidCommit(t.db, victim);
    const stoppedAt = Date.now();
    const failover = await measureFailover(t.db, victim.id, shards, stoppedAt);
    const claims = await leasesOf(t.db, shards);
    // Paused well past its lease; requests sent to it meanwhile wait in its socket buffers.
    await new Promise((r) => setTimeout(r, 1500));
    victim.proc.kill('SIGCONT');
    const result = await run;
    console.log(
      `failover after SIGSTOP: shards claimed in ${failover.claimedMs} ms, ` +
        `pending events processed in ${failover.processedMs} ms (resent ${result.resent})`,
    );
    await expectGuarantees(result.acked);
    // Nothing was committed under the epochs it lost after they were taken over.
    expect(await commitsAfterClaim(t.db, claims)).toBe(0);
    // It did try, and was refused: the commit it had open under the old lease was ended by
    // Postgres once idle longer than the lease (which let the claim through), and any turn it
    // started after waking, before it noticed the loss, failed the epoch check (`stale_epoch`).
    const stale = await turnsWithOutcome(victim, 'stale_epoch');
    const ended = victim.output().split('idle-in-transaction timeout').length - 1;
    console.log(
      `stale process: ${caught} commit(s) open at the pause, ${ended} ended by Postgres, ` +
        `${stale} turn(s) refused by the epoch fence`,
    );
    expect(ended, victim.output().slice(-3000)).toBeGreaterThan(0);
    if (stale > 0) expect(victim.output()).toContain('commit refused: stale epoch');
    // It came back as a member and the cluster rebalanced.
    await waitBalanced(nodes, SHARDS);
  });

  it('a fourth process joining mid-burst takes its share without losing or doubling anything', async () => {
    nodes = await startCluster(t, nats.url, 3);
    await waitBalanced(nodes, SHARDS);
    const third = whenAcked(1 / 3);
    const run = runBurst(() => nodes, burst('join', '300'), third.onAck);
    await third.reached;
    const joiner = await startClusterNode('n4', t.url, nats.url);
    nodes.push(joiner);
    const result = await run;
    await expectGuarantees(result.acked);
    await waitBalanced(nodes, SHARDS);
    const owned = await shardsOwnedBy(t.db, 'n4');
    expect(owned.length).toBeGreaterThan(SHARDS / 8);
  });

  it('Redis flushed mid-burst: duplicate deliveries still answered once, nothing lost or doubled', async () => {
    const redis = await startRedisServer();
    try {
      nodes = await startCluster(t, nats.url, 3, { REDIS_URL: redis.url });
      await waitBalanced(nodes, SHARDS);
      // One in five acknowledged messages is delivered again to a random process.
      const third = whenAcked(1 / 3);
      const run = runBurst(() => nodes, { ...burst('redis', '600'), duplicates: 0.2 }, third.onAck);
      await third.reached;
      const hitsBefore = await dedupLookups(nodes, 'hit');
      await redis.flush();
      const result = await run;
      const hits = await dedupLookups(nodes, 'hit');
      console.log(
        `redis flush: ${result.duplicatesSent} duplicate deliveries, ` +
          `${result.duplicatesAnswered} answered duplicate, ${hits} answered from Redis ` +
          `(${hitsBefore} before the flush)`,
      );
      await expectGuarantees(result.acked);
      // Every repeat was recognised (by Redis before the flush and after it for ids set since,
      // by Postgres for ids set before it); Redis answered some without touching Postgres.
      expect(result.duplicatesTakenAsNew).toBe(0);
      expect(result.duplicatesAnswered).toBeGreaterThan(result.duplicatesSent * 0.9);
      expect(hitsBefore).toBeGreaterThan(0);
      expect(hits).toBeGreaterThan(hitsBefore);
      // Lookups slower than 100 ms on a busy machine count as errors and fall through to
      // Postgres: allowed (the guarantees above hold either way), reported for the record.
      console.log(`redis flush: ${await dedupLookups(nodes, 'error')} lookups fell through`);
    } finally {
      await redis.close();
    }
  });

  it('nats-server stopped for several seconds mid-burst: events are delayed, never lost', async () => {
    nodes = await startCluster(t, nats.url, 3);
    await waitBalanced(nodes, SHARDS);
    const before = await leasesOf(
      t.db,
      Array.from({ length: SHARDS }, (_, i) => i),
    );
    const third = whenAcked(1 / 3);
    const run = runBurst(() => nodes, burst('nats', '400'), third.onAck);
    await third.reached;
    await nats.stop();
    await new Promise((r) => setTimeout(r, 4000));
    await nats.start();
    const result = await run;
    await expectGuarantees(result.acked);
    await waitBalanced(nodes, SHARDS);
    // Every process kept its shards through the outage (no membership churn, no handover).
    const after = await leasesOf(
      t.db,
      Array.from({ length: SHARDS }, (_, i) => i),
    );
    for (const [shard, l] of after)
      expect(l.epoch, `shard ${shard}`).toBe(before.get(shard)!.epoch);
  });
});
