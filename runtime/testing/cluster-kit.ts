import { resolve } from 'node:path';
import type { Database } from '../db/database';
import { applyTenant } from '../tenancy/tenant-apply';
import { readTenantFile } from '../tenancy/tenant-file';
import { spawnNode, type NodeProcess } from './spawn-node';

/** Tenant `demo` running the probe machine (see the file). */
export const CLUSTER_TENANT_FILE = resolve(import.meta.dirname, 'fixtures/cluster-tenant.yaml');

/**
 * Helpers for the cluster fault tests: real `ratiba start` processes on one database and one
 * nats-server, a burst of simulator messages over many threads sent to random processes (each
 * thread's next message only after the previous one was acknowledged, as a chat client does;
 * anything not acknowledged is re-sent with the same id to another process, as Meta does).
 * The checks on the outcome are in `cluster-checks.ts`.
 */

export interface ClusterNode extends NodeProcess {
  id: string;
  /** False once killed or stopped for good; a SIGSTOPped node stays true (requests time out). */
  alive: boolean;
}

export function clusterEnv(
  databaseUrl: string,
  natsUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    RATIBA_SIMULATOR: '1',
    RATIBA_SHARDS: '64',
    RATIBA_MEMBER_TTL_MS: '1500',
    RATIBA_LEASE_TTL_MS: '2000',
    RATIBA_REPLY_TIMEOUT_MS: '2500',
    RATIBA_TIMER_POLL_MS: '200',
    RATIBA_OUTBOX_POLL_MS: '200',
    // A paused process's claims on effects expire well inside the tests' drain window.
    RATIBA_OUTBOX_LEASE_MS: '5000',
    ...extra,
  };
}

/** Applies the test tenant, then starts `n` nodes at once. */
export async function startCluster(
  t: { url: string; db: Database },
  natsUrl: string,
  n: number,
  extra: Record<string, string> = {},
): Promise<ClusterNode[]> {
  await applyTenant(t.db, await readTenantFile(CLUSTER_TENANT_FILE));
  return Promise.all(
    Array.from({ length: n }, (_, i) => startClusterNode(`n${i + 1}`, t.url, natsUrl, extra)),
  );
}

export async function startClusterNode(
  id: string,
  databaseUrl: string,
  natsUrl: string,
  extra: Record<string, string> = {},
): Promise<ClusterNode> {
  const node = await spawnNode(clusterEnv(databaseUrl, natsUrl, { RATIBA_NODE_ID: id, ...extra }));
  const c: ClusterNode = Object.assign(node, { id, alive: true });
  void node.exited.then(({ code }) => {
    c.alive = false;
    if (code !== null && code !== 0)
      console.error(`node ${id} exited with code ${code}:\n${node.output().slice(-4000)}`);
  });
  return c;
}

/** Waits until every live node reports ready and together they own every shard exactly once. */
export async function waitBalanced(nodes: ClusterNode[], shardCount: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = nodes.filter((n) => n.alive);
    const states = await Promise.all(
      live.map((n) =>
        fetch(`${n.url}/readyz`)
          .then(async (r) => ({ ok: r.ok, body: (await r.json()) as { ownedShards: number } }))
          .catch(() => ({ ok: false, body: { ownedShards: 0 } })),
      ),
    );
    const owned = states.reduce((s, x) => s + x.body.ownedShards, 0);
    if (states.every((s) => s.ok) && owned === shardCount) return;
    if (Date.now() > deadline) throw new Error(`cluster not balanced: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface BurstOptions {
  threads: number;
  eventsPerThread: number;
  /** Threads sending at once. */
  concurrency: number;
  /** Per-request timeout: a request to a stopped process is given up and re-sent elsewhere. */
  requestTimeoutMs: number;
  /** Prefix of message ids and phone numbers (one per test). */
  tag: string;
  /** Phone number of thread `i`. */
  phone(i: number): string;
  /**
   * Fraction of acknowledged messages delivered once more, with the same id, to a random process
   * (a provider's duplicate delivery); each must be answered as a duplicate. Default 0.
   */
  duplicates?: number;
}

export interface BurstResult {
  /** Message ids acknowledged (200 or 202), per thread, in send order. */
  acked: string[][];
  /** Replies of 200 `ok` responses: message id -> reply texts. */
  replies: Map<string, string[]>;
  resent: number;
  /**
   * Duplicate deliveries sent (`duplicates`), how many were answered (200), and how many of those
   * answers were not `duplicate` (the repeat was taken for a new event: must be 0).
   */
  duplicatesSent: number;
  duplicatesAnswered: number;
  duplicatesTakenAsNew: number;
}

export interface BurstProgress {
  acked: number;
  total: number;
}

/** Sends the burst; `nodes()` is read at each send so tests can add and remove nodes. */
export function runBurst(
  nodes: () => ClusterNode[],
  o: BurstOptions,
  onAck?: (p: BurstProgress) => void,
): Promise<BurstResult> {
  const total = o.threads * o.eventsPerThread;
  const acked: string[][] = Array.from({ length: o.threads }, () => []);
  const replies = new Map<string, string[]>();
  let done = 0;
  let resent = 0;
  let duplicatesSent = 0;
  let duplicatesAnswered = 0;
  let duplicatesTakenAsNew = 0;
  let next = 0;
  const worker = async () => {
    for (let t = next++; t < o.threads; t = next++) {
      for (let k = 0; k < o.eventsPerThread; k++) {
        const id = `${o.tag}-${t}-${k}`;
        const text = k % 10 === 5 ? `call c${k}` : `m${k}`;
        for (let attempt = 0; ; attempt++) {
          if (attempt > 0) resent++;
          if (attempt > 200) throw new Error(`message ${id} never acknowledged`);
          const live = nodes().filter((n) => n.alive);
          const node = live[Math.floor(Math.random() * live.length)];
          if (!node) throw new Error('no live node');
          const r = await post(node, o.phone(t), text, id, o.requestTimeoutMs);
          if (r.status === 200 || r.status === 202) {
            acked[t]!.push(id);
            if (r.status === 200 && r.body?.status === 'ok')
              replies.set(
                id,
                r.body.replies.map((x) => x.text),
              );
            done++;
            onAck?.({ acked: done, total });
            if (o.duplicates && Math.random() < o.duplicates) {
              const again = live[Math.floor(Math.random() * live.length)]!;
              duplicatesSent++;
              const d = await post(again, o.phone(t), text, id, o.requestTimeoutMs);
              if (d.status === 200) duplicatesAnswered++;
              if (d.status === 200 && d.body?.status !== 'duplicate') duplicatesTakenAsNew++;
            }
            break;
          }
          await new Promise((res) => setTimeout(res, 20 + Math.random() * 50));
        }
      }
    }
  };
  const all = Promise.all(Array.from({ length: o.concurrency }, worker)).then(() => ({
    acked,
    replies,
    resent,
    duplicatesSent,
    duplicatesAnswered,
    duplicatesTakenAsNew,
  }));
  // A test that fails before awaiting the burst must not also report an unhandled rejection.
  all.catch(() => undefined);
  return all;
}

async function post(
  node: ClusterNode,
  from: string,
  text: string,
  messageId: string,
  timeoutMs: number,
): Promise<{ status: number; body?: { status: string; replies: { text: string }[] } }> {
  try {
    const res = await fetch(`${node.url}/api/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo', from, text, messageId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => undefined)) as
      { status: string; replies: { text: string }[] } | undefined;
    return { status: res.status, ...(body ? { body } : {}) };
  } catch {
    return { status: 0 }; // refused, reset or timed out: not acknowledged
  }
}

/** Resolves once `pred` holds for the burst's progress. */
export function whenAcked(fraction: number): {
  onAck: (p: BurstProgress) => void;
  reached: Promise<void>;
} {
  let resolve = () => {};
  const reached = new Promise<void>((r) => (resolve = r));
  return {
    onAck: (p) => {
      if (p.acked >= p.total * fraction) resolve();
    },
    reached,
  };
}
