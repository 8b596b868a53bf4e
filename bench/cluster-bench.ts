import { measureFailover, shardsOwnedBy } from '../test-support/cluster-checks';
import { startCluster, waitBalanced, type ClusterNode } from '../test-support/cluster-kit';
import { startNatsServer } from '../test-support/nats-server';
import { createTestDatabase } from '../test-support/test-database';
import { rawCommits } from './runtime-bench';
import { round, summarize } from './stats';

/**
 * `npm run bench -- --nodes N`: real `ratiba start` processes (1, 2, ... N) on a fresh database
 * and a private nats-server, loaded over HTTP from this process with simulator messages (closed
 * loop: each of `concurrency` customers sends its next message once the previous one's turn has
 * committed and answered). Also the failover time after `kill -9` of one of N processes under
 * load, and the raw Postgres ceiling (journal insert + snapshot upsert per commit) measured on
 * the same database in the same run.
 */
export interface ClusterBenchResult {
  shards: number;
  concurrency: number;
  seconds: number;
  /** Per process count: durable turns/s and turn latency (request to reply). */
  runs: { nodes: number; turnsPerSec: number; p50Ms: number; p99Ms: number; errors: number }[];
  failover?: {
    nodes: number;
    memberTtlMs: number;
    leaseTtlMs: number;
    claimedMs: number;
    processedMs: number;
  };
  rawCommitsPerSec: number;
}

const SHARDS = 64;
// The defaults of a real deployment (README "Running a cluster"), not the fault tests' shorter ones.
const MEMBER_TTL_MS = 3000;
const LEASE_TTL_MS = 4000;

const phone = (i: number) => `+2547${String(20_000_000 + i).padStart(8, '0')}`;

/** Closed loop over HTTP against random live nodes until `stop()` says so. */
async function load(
  nodes: () => ClusterNode[],
  concurrency: number,
  offset: number,
  stop: () => boolean,
): Promise<{ turns: number; errors: number; latencies: number[] }> {
  let turns = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      for (let k = 0; !stop(); k++) {
        const live = nodes().filter((n) => n.alive);
        const node = live[Math.floor(Math.random() * live.length)]!;
        const t0 = performance.now();
        const ok = await fetch(`${node.url}/api/simulator/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenant: 'demo', from: phone(offset + i), text: `m${k}` }),
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (r) => r.ok && ((await r.json()) as { status: string }).status === 'ok')
          .catch(() => false);
        if (!ok) {
          errors++;
          continue;
        }
        turns++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { turns, errors, latencies };
}

export async function runClusterBench(opts: {
  nodes: number;
  seconds: number;
  concurrency: number;
}): Promise<ClusterBenchResult> {
  const result: ClusterBenchResult = {
    shards: SHARDS,
    concurrency: opts.concurrency,
    seconds: opts.seconds,
    runs: [],
    rawCommitsPerSec: 0,
  };
  const env = {
    RATIBA_SHARDS: String(SHARDS),
    RATIBA_MEMBER_TTL_MS: String(MEMBER_TTL_MS),
    RATIBA_LEASE_TTL_MS: String(LEASE_TTL_MS),
    RATIBA_REPLY_TIMEOUT_MS: '10000',
    RATIBA_LOG_LEVEL: 'error',
  };
  for (let n = 1; n <= opts.nodes; n++) {
    const [t, nats] = await Promise.all([createTestDatabase(), startNatsServer()]);
    let nodes: ClusterNode[] = [];
    try {
      nodes = await startCluster(t, nats.url, n, env);
      await waitBalanced(nodes, SHARDS);
      // Warm-up: customers created, actors resident, connections open.
      const warm = Date.now() + 2000;
      await load(
        () => nodes,
        opts.concurrency,
        0,
        () => Date.now() > warm,
      );
      const end = Date.now() + opts.seconds * 1000;
      const r = await load(
        () => nodes,
        opts.concurrency,
        0,
        () => Date.now() > end,
      );
      const s = summarize(r.latencies);
      result.runs.push({
        nodes: n,
        turnsPerSec: round(r.turns / opts.seconds, 0),
        p50Ms: round(s.p50, 1),
        p99Ms: round(s.p99, 1),
        errors: r.errors,
      });
      console.log(`cluster bench: ${n} process(es): ${round(r.turns / opts.seconds, 0)} turns/s`);
      if (n === opts.nodes && n > 1) {
        // Failover: kill -9 one process under load, time until its shards are owned and
        // their pending events processed again.
        const victim = nodes[n - 1]!;
        const shards = await shardsOwnedBy(t.db, victim.id);
        let stopLoad = false;
        const running = load(
          () => nodes,
          opts.concurrency,
          0,
          () => stopLoad,
        );
        await new Promise((res) => setTimeout(res, 1000));
        const killedAt = Date.now();
        victim.proc.kill('SIGKILL');
        victim.alive = false;
        const f = await measureFailover(t.db, victim.id, shards, killedAt);
        stopLoad = true;
        await running;
        result.failover = {
          nodes: n,
          memberTtlMs: MEMBER_TTL_MS,
          leaseTtlMs: LEASE_TTL_MS,
          ...f,
        };
        console.log(
          `cluster bench: failover ${f.claimedMs} ms claimed, ${f.processedMs} ms processed`,
        );
      }
      if (n === opts.nodes) {
        await stopAll(nodes);
        nodes = [];
        result.rawCommitsPerSec = round(await rawCommits(t.url, opts.concurrency, opts.seconds), 0);
      }
    } finally {
      await stopAll(nodes);
      await Promise.all([t.drop(), nats.close()]);
    }
  }
  return result;
}

async function stopAll(nodes: ClusterNode[]): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      if (node.proc.exitCode !== null || node.proc.signalCode !== null) return;
      node.proc.kill('SIGTERM');
      const t = setTimeout(() => node.proc.kill('SIGKILL'), 10_000);
      await node.exited;
      clearTimeout(t);
    }),
  );
}
