import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphServer, type FakeGraphServer } from '../../adapters/whatsapp/testing';
import { WA_TOKEN } from '../../test-support/channel-test-kit';
import {
  runBurst,
  whenAcked,
  type BurstOptions,
  type BurstResult,
} from '../../test-support/cluster-burst';
import {
  checkJournal,
  commitsAfterClaim,
  dedupLookups,
  leasesOf,
  measureFailover,
  processingResumedMs,
  shardsOwnedBy,
  stopMidCommit,
  turnsWithOutcome,
  waitDrained,
} from '../../test-support/cluster-checks';
import {
  startCluster,
  startClusterNode,
  waitBalanced,
  type ClusterNode,
} from '../../test-support/cluster-kit';
import { checkEffects, checkGraph } from '../../test-support/effect-checks';
import { startEffectSink, type TestEffectSink } from '../../test-support/effect-sink';
import { startNatsServer, type TestNatsServer } from '../../test-support/nats-server';
import { startRedisServer } from '../../test-support/redis-server';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';

/**
 * Three real runtime processes on one Postgres database and one nats-server (started here with
 * JetStream on a free port, so it can be stopped), under a burst sent to random processes, with
 * a fault injected once a third of it is acknowledged.
 *
 * The burst: 5,100 signed WhatsApp webhooks over 300 threads (17 each, in order; every 10th from
 * the 6th is a `call` through the outbox and back), acknowledged once the inbox row is durable,
 * each answered by a reply sent to a fake Graph API; beside it, 150 simulator messages over 30
 * threads that wait for their reply (the ingress is usually not the owner: await-reply across
 * processes). 64 shards, member TTL 1.5 s, lease TTL 2 s, reply timeout 2.5 s (a request is given
 * up after 3.5 s and re-sent to another process with the same message id).
 *
 * Each test asserts that every acknowledged event was applied exactly once (journal), in its
 * thread's order, that no turn and no snapshot was committed under a stale epoch, that every
 * effect's idempotency key reached the fake provider (each process's handlers report to it
 * first) and that every WhatsApp reply reached the Graph API, in order.
 */
const SHARDS = 64;
const WA = { threads: 300, eventsPerThread: 17 };
const SIM = { threads: 30, eventsPerThread: 5 };
const TEST_TIMEOUT_MS = 180_000;

let t: TestDatabase;
let nats: TestNatsServer;
let graph: FakeGraphServer;
let sink: TestEffectSink;
let nodes: ClusterNode[] = [];

beforeEach(async () => {
  [t, nats, graph, sink] = await Promise.all([
    createTestDatabase(),
    startNatsServer(),
    startFakeGraphServer({ accessToken: WA_TOKEN }),
    startEffectSink(),
  ]);
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
  await Promise.all([t.drop(), nats.close(), graph.close(), sink.close()]);
});

/** The fakes every process talks to, plus `extra`. */
const fakes = (extra: Record<string, string> = {}) => ({
  META_GRAPH_URL: graph.url,
  RATIBA_TEST_EFFECT_SINK: sink.url,
  ...extra,
});

interface Load {
  /** A third of the webhooks acknowledged: when the fault goes in. */
  third: Promise<void>;
  done: Promise<{ wa: BurstResult; sim: BurstResult }>;
}

/** Both bursts at once; phone numbers `+2547<prefix>0xxxx` (webhooks), `+2547<prefix>9xxxx`. */
function startLoad(tag: string, prefix: string, duplicates = 0): Load {
  const common = { requestTimeoutMs: 3500, duplicates };
  const wa: BurstOptions = {
    ...common,
    ...WA,
    channel: 'whatsapp',
    concurrency: 32,
    tag: `${tag}-wa`,
    phone: (i) => `+2547${prefix}0${String(i).padStart(4, '0')}`,
  };
  const sim: BurstOptions = {
    ...common,
    ...SIM,
    channel: 'simulator',
    concurrency: 6,
    tag: `${tag}-sim`,
    phone: (i) => `+2547${prefix}9${String(i).padStart(4, '0')}`,
  };
  const third = whenAcked(1 / 3);
  const done = Promise.all([
    runBurst(() => nodes, wa, third.onAck),
    runBurst(() => nodes, sim),
  ]).then(([w, s]) => ({ wa: w, sim: s }));
  done.catch(() => undefined);
  return { third: third.reached, done };
}

async function expectGuarantees(load: { wa: BurstResult; sim: BurstResult }): Promise<void> {
  const drainStart = Date.now();
  await waitDrained(t.db, 120_000);
  const acked = [...load.wa.acked, ...load.sim.acked];
  expect(load.wa.acked.flat()).toHaveLength(WA.threads * WA.eventsPerThread);
  expect(load.sim.acked.flat()).toHaveLength(SIM.threads * SIM.eventsPerThread);
  const c = await checkJournal(t.db, acked);
  expect(c.missing).toEqual([]);
  expect(c.duplicated).toEqual([]);
  expect(c.outOfOrder).toEqual([]);
  expect(c.epochRegressions).toEqual([]);
  expect(c.snapshotMismatches).toEqual([]);
  // Every effect's key reached the provider; a re-run after a fault carried the same key.
  const effects = await checkEffects(t.db, sink);
  expect(effects.missing).toEqual([]);
  expect(effects.foreign).toEqual([]);
  expect(effects.accepted).toBe(effects.done);
  // A reply per message (a call's comes with its result) plus a mark-as-read per webhook.
  expect(effects.done).toBeGreaterThanOrEqual(2 * WA.threads * WA.eventsPerThread);
  const replies = await checkGraph(t.db, graph);
  expect(replies.dead).toEqual([]);
  expect(replies.missing).toEqual([]);
  expect(replies.outOfOrder).toEqual([]);
  expect(replies.replies).toBe(WA.threads * WA.eventsPerThread);
  console.log(
    `  ${c.journalRows} turns; ${effects.done} effects, ${effects.repeats} re-run with the same ` +
      `key; ${replies.replies} WhatsApp replies, ${replies.repeats} sent again; ` +
      `resent ${load.wa.resent + load.sim.resent} requests; drained ${Date.now() - drainStart} ms ` +
      `after the last acknowledgement`,
  );
}

/** Simulator replies that came back (across processes): a thread's first message is `#1 m0`. */
function expectRepliesAcross(sim: BurstResult): void {
  const firsts = [...sim.replies].filter(([id]) => id.endsWith('-0'));
  expect(firsts.length).toBeGreaterThan(0);
  for (const [id, texts] of firsts) expect(texts, id).toEqual(['#1 m0']);
  console.log(`  simulator: ${sim.replies.size} of ${sim.acked.flat().length} answered in time`);
}

describe('cluster under faults', { timeout: TEST_TIMEOUT_MS }, () => {
  it('kill -9 of one of three processes mid-burst: nothing acknowledged is lost or doubled', async () => {
    nodes = await startCluster(t, nats.url, 3, fakes());
    await waitBalanced(nodes, SHARDS);
    const victim = nodes[1]!;
    const shards = await shardsOwnedBy(t.db, victim.id);
    expect(shards.length).toBeGreaterThan(0);
    const load = startLoad('kill', '100');
    await load.third;
    const killedAt = Date.now();
    victim.proc.kill('SIGKILL');
    const failover = await measureFailover(t.db, victim.id, shards, killedAt, 120_000);
    const claims = await leasesOf(t.db, shards);
    const result = await load.done;
    await expectGuarantees(result);
    const resumedMs = await processingResumedMs(t.db, claims, killedAt);
    console.log(
      `failover after kill -9: shards claimed in ${failover.claimedMs} ms, processing again ` +
        `in ${resumedMs} ms, the backlog at the kill processed in ${failover.processedMs} ms`,
    );
    expect(failover.claimedMs).toBeLessThan(5000);
    expect(resumedMs).toBeLessThan(5000);
    expectRepliesAcross(result.sim);
  });

  it('SIGTERM mid-burst hands the shards over at once (no waiting for the lease)', async () => {
    nodes = await startCluster(t, nats.url, 3, fakes());
    await waitBalanced(nodes, SHARDS);
    const leaver = nodes[0]!;
    const shards = await shardsOwnedBy(t.db, leaver.id);
    const load = startLoad('term', '500');
    await load.third;
    const termAt = Date.now();
    leaver.proc.kill('SIGTERM');
    const handover = await measureFailover(t.db, leaver.id, shards, termAt, 120_000);
    expect((await leaver.exited).code).toBe(0);
    const result = await load.done;
    await expectGuarantees(result);
    console.log(
      `handover after SIGTERM: shards claimed in ${handover.claimedMs} ms, ` +
        `the backlog at the signal processed in ${handover.processedMs} ms`,
    );
    // Released, not expired: well under the 2 s lease plus the 1.5 s member TTL.
    expect(handover.claimedMs).toBeLessThan(1500);
  });

  it('SIGSTOP beyond the lease, then SIGCONT: the stale process tries to commit and is refused', async () => {
    nodes = await startCluster(t, nats.url, 3, fakes());
    await waitBalanced(nodes, SHARDS);
    const victim = nodes[2]!;
    const shards = await shardsOwnedBy(t.db, victim.id);
    const load = startLoad('stop', '200');
    await load.third;
    // Paused in the middle of a commit: the worst moment, holding the fence's locks.
    const caught = await stopMidCommit(t.db, victim);
    const stoppedAt = Date.now();
    const failover = await measureFailover(t.db, victim.id, shards, stoppedAt, 120_000);
    const claims = await leasesOf(t.db, shards);
    // Paused well past its lease; requests sent to it meanwhile wait in its socket buffers.
    await new Promise((r) => setTimeout(r, 1500));
    victim.proc.kill('SIGCONT');
    const result = await load.done;
    await expectGuarantees(result);
    console.log(
      `failover after SIGSTOP: shards claimed in ${failover.claimedMs} ms, processing again in ` +
        `${await processingResumedMs(t.db, claims, stoppedAt)} ms`,
    );
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
    nodes = await startCluster(t, nats.url, 3, fakes());
    await waitBalanced(nodes, SHARDS);
    const load = startLoad('join', '300');
    await load.third;
    const joinAt = Date.now();
    const joiner = await startClusterNode('n4', t.url, nats.url, fakes());
    nodes.push(joiner);
    await waitBalanced(nodes, SHARDS, 60_000);
    console.log(`fourth process: started and balanced in ${Date.now() - joinAt} ms`);
    const result = await load.done;
    await expectGuarantees(result);
    await waitBalanced(nodes, SHARDS);
    const owned = await shardsOwnedBy(t.db, 'n4');
    expect(owned.length).toBeGreaterThan(SHARDS / 8);
  });

  it('Redis flushed mid-burst: duplicate deliveries still answered once, nothing lost or doubled', async () => {
    const redis = await startRedisServer();
    try {
      nodes = await startCluster(t, nats.url, 3, fakes({ REDIS_URL: redis.url }));
      await waitBalanced(nodes, SHARDS);
      // One in five acknowledged messages is delivered again to a random process.
      const load = startLoad('redis', '600', 0.2);
      await load.third;
      const hitsBefore = await dedupLookups(nodes, 'hit');
      await redis.flush();
      const result = await load.done;
      const hits = await dedupLookups(nodes, 'hit');
      const sent = result.wa.duplicatesSent + result.sim.duplicatesSent;
      const answered = result.wa.duplicatesAnswered + result.sim.duplicatesAnswered;
      console.log(
        `redis flush: ${sent} duplicate deliveries, ${answered} acknowledged, ` +
          `${hits} answered from Redis (${hitsBefore} before the flush)`,
      );
      await expectGuarantees(result);
      // Every repeat was recognised (by Redis before the flush and after it for ids set since,
      // by Postgres for ids set before it; the journal check above shows none applied twice);
      // Redis answered some without touching Postgres.
      expect(result.sim.duplicatesTakenAsNew).toBe(0);
      expect(answered).toBeGreaterThan(sent * 0.9);
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
    nodes = await startCluster(t, nats.url, 3, fakes());
    await waitBalanced(nodes, SHARDS);
    const all = Array.from({ length: SHARDS }, (_, i) => i);
    const before = await leasesOf(t.db, all);
    const load = startLoad('nats', '400');
    await load.third;
    await nats.stop();
    await new Promise((r) => setTimeout(r, 4000));
    await nats.start();
    const result = await load.done;
    await expectGuarantees(result);
    await waitBalanced(nodes, SHARDS);
    // Every process kept its shards through the outage (no membership churn, no handover).
    const after = await leasesOf(t.db, all);
    for (const [shard, l] of after)
      expect(l.epoch, `shard ${shard}`).toBe(before.get(shard)!.epoch);
  });
});
