import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphServer, type FakeGraphServer } from '../../adapters/whatsapp/testing';
import { WA_TOKEN } from '../../test-support/channel-test-kit';
import {
  burstMessage,
  burstText,
  runBurst,
  whenAcked,
  type BurstOptions,
  type BurstResult,
} from '../../test-support/cluster-burst';
import {
  checkJournal,
  commitsAfterClaim,
  dedupLookups,
  freezeLeases,
  leasesOf,
  membersSeenBy,
  measureFailover,
  processingResumedMs,
  shardsOwnedBy,
  stopAndCountOpenCommits,
  turnsWithOutcome,
  waitDrained,
  waitFor,
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
import { startStatusEcho, type StatusEcho } from '../../test-support/status-echo';
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
 * processes); 300 of them, 10 per thread. 64 shards, member TTL 1.5 s, lease TTL 2 s, reply timeout 2.5 s (a request is given
 * up after 3.5 s and re-sent to another process with the same message id).
 *
 * Each test asserts that every acknowledged event was applied exactly once (journal), in its
 * thread's order, that no turn and no snapshot was committed under a stale epoch, that every
 * effect's idempotency key reached the fake provider (each process's handlers report to it
 * first) and that every WhatsApp reply reached the Graph API, in order. Like Meta, the fake Graph
 * API posts a `sent` and a `delivered` status webhook for each reply it accepts, echoing its
 * `biz_opaque_callback_data` (status-echo.ts): what lets a send interrupted by the fault find
 * out that it went out instead of sending it again (the replies `sent again` printed).
 */
const SHARDS = 64;
const WA = { threads: 300, eventsPerThread: 17 };
const SIM = { threads: 30, eventsPerThread: 10 };
const TEST_TIMEOUT_MS = 360_000;

let t: TestDatabase;
let nats: TestNatsServer;
let graph: FakeGraphServer;
let sink: TestEffectSink;
let echo: StatusEcho;
let nodes: ClusterNode[] = [];

beforeEach(async () => {
  // Meta's status webhooks (sent, delivered) for every reply the fake Graph API accepts.
  echo = startStatusEcho(() => nodes);
  [t, nats, graph, sink] = await Promise.all([
    createTestDatabase(),
    startNatsServer(),
    startFakeGraphServer({ accessToken: WA_TOKEN, onSend: (to, sent) => echo.onSend(to, sent) }),
    startEffectSink(),
  ]);
});

afterEach(async () => {
  echo.close();
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
  /** A burst of `size`; ids `<tag>-<short>-…`, phone numbers `+2547<prefix><digit>xxxx`. */
  const burst = (
    channel: BurstOptions['channel'],
    size: typeof WA,
    concurrency: number,
    short: string,
    digit: string,
  ): BurstOptions => ({
    ...size,
    channel,
    concurrency,
    requestTimeoutMs: 3500,
    duplicates,
    tag: `${tag}-${short}`,
    phone: (i) => `+2547${prefix}${digit}${String(i).padStart(4, '0')}`,
  });
  const wa = burst('whatsapp', WA, 32, 'wa', '0');
  const sim = burst('simulator', SIM, 6, 'sim', '9');
  const third = whenAcked(1 / 3);
  const done = Promise.all([
    runBurst(() => nodes, wa, third.onAck),
    runBurst(() => nodes, sim),
  ]).then(([w, s]) => ({ wa: w, sim: s }));
  done.catch(() => undefined);
  return { third: third.reached, done };
}

/**
 * Three balanced processes under a burst (`startLoad(tag, prefix)`), a third of it acknowledged:
 * the load, process `index` and the shards it owned before the burst.
 */
async function clusterUnderLoad(
  index: number,
  tag: string,
  prefix: string,
  extra: Record<string, string> = {},
) {
  nodes = await startCluster(t, nats.url, 3, fakes(extra));
  await waitBalanced(nodes, SHARDS);
  const node = nodes[index]!;
  const shards = await shardsOwnedBy(t.db, node.id);
  const load = startLoad(tag, prefix);
  await load.third;
  return { load, node, shards };
}

/** The guarantees over both bursts and any `probes` (message ids per thread, in order). */
async function expectGuarantees(
  load: { wa: BurstResult; sim: BurstResult },
  probes: string[][] = [],
): Promise<void> {
  const drainStart = Date.now();
  await waitDrained(t.db, 120_000);
  const acked = [...load.wa.acked, ...load.sim.acked, ...probes];
  expect(load.wa.acked.flat()).toHaveLength(WA.threads * WA.eventsPerThread);
  expect(load.sim.acked.flat()).toHaveLength(SIM.threads * SIM.eventsPerThread);
  const c = await checkJournal(t.db, acked);
  expect(c.missing).toEqual([]);
  expect(c.duplicated).toEqual([]);
  expect(c.outOfOrder).toEqual([]);
  expect(c.epochRegressions).toEqual([]);
  expect(c.snapshotMismatches).toEqual([]);
  // Nothing given up (first: its last errors say why the checks below would fail).
  const replies = await checkGraph(t.db, graph);
  expect(replies.dead).toEqual([]);
  // Every effect's key reached the provider; a re-run after a fault carried the same key.
  const effects = await checkEffects(t.db, sink);
  expect(effects.missing).toEqual([]);
  expect(effects.foreign).toEqual([]);
  expect(effects.accepted).toBe(effects.done);
  // A reply per message (a call's comes with its result) plus a mark-as-read per webhook.
  expect(effects.done).toBeGreaterThanOrEqual(2 * WA.threads * WA.eventsPerThread);
  expect(replies.missing).toEqual([]);
  expect(replies.outOfOrder).toEqual([]);
  expect(replies.replies).toBe(WA.threads * WA.eventsPerThread);
  console.log(
    `  ${c.journalRows} turns; ${effects.done} effects, ${effects.repeats} re-run with the same ` +
      `key; ${replies.replies} WhatsApp replies, ${replies.repeats} sent again; ` +
      `resent ${load.wa.resent + load.sim.resent} requests; ${echo.acknowledged} statuses ` +
      `posted back; drained ${Date.now() - drainStart} ms ` +
      `after the last acknowledgement`,
  );
}

/**
 * Simulator replies that came back (across processes: 2 in 3 messages reach a process that is
 * not their thread's owner): more than 200 of the 300, each the right one (message `k` of a
 * thread is echoed as `#<k+1> m<k>`; a `call` is answered later, with its result). Those not
 * answered in time are the ones caught by the fault (the reply timeout is 2.5 s).
 */
function expectRepliesAcross(sim: BurstResult): void {
  for (const [id, texts] of sim.replies) {
    const k = Number(id.slice(id.lastIndexOf('-') + 1));
    if (!burstText(k).startsWith('call')) expect(texts, id).toEqual([`#${k + 1} m${k}`]);
  }
  console.log(`  simulator: ${sim.replies.size} of ${sim.acked.flat().length} answered in time`);
  expect(sim.acked.flat()).toHaveLength(300);
  expect(sim.replies.size).toBeGreaterThan(200);
}

/**
 * A thread on one of `shards` (found by trying new customers: a thread's shard comes from its
 * key): its first message is sent now, through `nodes[0]`; `second` is left to the test.
 */
async function probeThreadOn(shards: number[], prefix: string) {
  const o: BurstOptions = {
    channel: 'simulator',
    threads: 1,
    eventsPerThread: 2,
    concurrency: 1,
    requestTimeoutMs: 30_000,
    tag: `probe-${prefix}`,
    phone: (i) => `+2547${prefix}8${String(i).padStart(4, '0')}`,
  };
  const acked: string[][] = [];
  for (let i = 0; i < 100; i++) {
    const first = burstMessage(o, i, 0);
    expect([200, 202]).toContain((await first.send(nodes[0]!, o.requestTimeoutMs)).status);
    acked.push([first.eventId]);
    const { rows } = await t.db.query<{ shard: number }>(
      `SELECT shard FROM t_demo.inbox WHERE event_id = $1`,
      [first.eventId],
    );
    if (!shards.includes(Number(rows[0]!.shard))) continue;
    const second = burstMessage(o, i, 1);
    acked.at(-1)!.push(second.eventId);
    return { second, acked, timeoutMs: o.requestTimeoutMs };
  }
  throw new Error('no probe thread landed on the shards');
}

describe('cluster under faults', { timeout: TEST_TIMEOUT_MS }, () => {
  it('kill -9 of one of three processes mid-burst: nothing acknowledged is lost or doubled', async () => {
    const { load, node: victim, shards } = await clusterUnderLoad(1, 'kill', '100');
    expect(shards.length).toBeGreaterThan(0);
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
    // A 10 s lease: a handover by release is told from one by expiry without a race against the
    // clock (the 2 s lease of the other tests left 0.5 s between the two on a loaded machine).
    const {
      load,
      node: leaver,
      shards,
    } = await clusterUnderLoad(0, 'term', '500', {
      RATIBA_LEASE_TTL_MS: '10000',
    });
    const before = await leasesOf(t.db, shards);
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
    // Released, not expired: every shard was claimed by another process before the earliest of
    // the leaver's leases (read before the signal, renewed every 250 ms) could have expired.
    const earliestExpiry = Math.min(...[...before.values()].map((l) => l.expiresAtMs));
    expect(before.size).toBe(shards.length);
    expect(termAt + handover.claimedMs).toBeLessThan(earliestExpiry);
  });

  it('SIGSTOP beyond the lease, then SIGCONT: the stale process tries to commit and is refused', async () => {
    nodes = await startCluster(t, nats.url, 3, fakes());
    await waitBalanced(nodes, SHARDS);
    const victim = nodes[2]!;
    const shards = await shardsOwnedBy(t.db, victim.id);
    // A thread of the victim's shards, for a message sent to it while it is paused.
    const probe = await probeThreadOn(shards, '200');
    const load = startLoad('stop', '200');
    await load.third;
    // Paused mid-burst. It once could be caught holding a commit transaction open (past the
    // fence, its locks held, ended only by the idle-in-transaction timeout); a group commit is
    // one statement now, which finishes on the server whether or not its sender is paused.
    const open = await stopAndCountOpenCommits(t.db, victim);
    expect(open).toBe(0);
    const stoppedAt = Date.now();
    const failover = await measureFailover(t.db, victim.id, shards, stoppedAt, 120_000);
    const claims = await leasesOf(t.db, shards);
    // Its shards are taken. On waking it must not learn that from its lease renewal before it
    // runs a turn (a race the test used to lose, then made the refusal optional): renewals wait
    // while the leases are frozen, the fence does not. The probe's second message, sent to it
    // while it is paused, is its turn on a shard it still believes it owns.
    const frozen = await freezeLeases(t.db);
    let second: Promise<{ status: number }>;
    try {
      second = probe.second.send(victim, probe.timeoutMs);
      victim.proc.kill('SIGCONT');
      await waitFor(
        'a turn of the woken process refused by the epoch fence',
        async () => (await turnsWithOutcome(victim, 'stale_epoch')) > 0,
      );
    } finally {
      await frozen.release();
    }
    expect([200, 202]).toContain((await second).status);
    const result = await load.done;
    await expectGuarantees(result, probe.acked);
    console.log(
      `failover after SIGSTOP: shards claimed in ${failover.claimedMs} ms, processing again in ` +
        `${await processingResumedMs(t.db, claims, stoppedAt)} ms`,
    );
    // Nothing was committed under the epochs it lost after they were taken over.
    expect(await commitsAfterClaim(t.db, claims)).toBe(0);
    // It did try, and was refused: the turns it ran after waking failed the epoch check inside
    // their commit statement (`stale_epoch`).
    const stale = await turnsWithOutcome(victim, 'stale_epoch');
    console.log(`stale process: ${stale} turn(s) refused by the epoch fence`);
    expect(stale).toBeGreaterThan(0);
    expect(victim.output()).toContain('commit refused: stale epoch');
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
      // Redis answers in well under 100 ms, but not always on a 2-core machine shared with other
      // runs at a load of 20 (2 of ~16,000 calls were slower): the limit is set for the machine,
      // so that a failure of the fast path, which the test asserts there is none of, is real.
      const env = { REDIS_URL: redis.url, RATIBA_REDIS_TIMEOUT_MS: '1000' };
      nodes = await startCluster(t, nats.url, 3, fakes(env));
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
      // No lookup failed: a flush empties Redis, it does not break it (an answer read late on a
      // busy machine is not a timeout: see withinTimeout).
      expect(await dedupLookups(nodes, 'error')).toBe(0);
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
    const outageAt = Date.now();
    await nats.stop();
    // Down until every process has noticed (its heartbeats failing for a member TTL: it no
    // longer knows who is alive), not for a fixed time.
    await waitFor('every process without membership', async () =>
      (await Promise.all(nodes.map(membersSeenBy))).every((m) => m === null),
    );
    const outageMs = Date.now() - outageAt;
    await nats.start();
    console.log(`nats-server down for ${outageMs} ms`);
    const result = await load.done;
    await expectGuarantees(result);
    await waitBalanced(nodes, SHARDS);
    // Every process kept its shards through the outage (no membership churn, no handover).
    const after = await leasesOf(t.db, all);
    for (const [shard, l] of after)
      expect(l.epoch, `shard ${shard}`).toBe(before.get(shard)!.epoch);
  });
});
