import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SECRET } from './channel-test-kit';
import type { Database } from '../runtime/db/database';
import { setUpTenant } from '../runtime/tenant-setup';
import { readTenantFile } from '../runtime/tenancy/tenant-file';
import { spawnNode, type NodeProcess } from './spawn-node';

/** Tenant `demo` running the probe machine, with a WhatsApp number (see the file). */
export const CLUSTER_TENANT_FILE = resolve(import.meta.dirname, 'fixtures/cluster-tenant.yaml');

/** What each process runs when the test wants effects reported (see the file). */
const CLUSTER_NODE_ENTRY = resolve(import.meta.dirname, 'cluster-node.ts');

/**
 * Helpers for the cluster fault tests: real runtime processes on one database and one
 * nats-server. The load is in `cluster-burst.ts`, the checks on the outcome in
 * `cluster-checks.ts` and `effect-checks.ts`.
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
    // A send interrupted by a fault waits this long for its status webhook (status-echo.ts)
    // before it is sent again (30 s in production).
    RATIBA_UNKNOWN_SEND_WAIT_MS: '5000',
    // Webhooks are signed with the channel test kit's secret; set META_GRAPH_URL to a fake.
    META_APP_SECRET: SECRET,
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
  await setUpTenant(t.db, await readTenantFile(CLUSTER_TENANT_FILE));
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
  // With an effect sink, the runtime with its handlers reporting to it; else `ratiba start`.
  const node = await spawnNode(
    clusterEnv(databaseUrl, natsUrl, { RATIBA_NODE_ID: id, ...extra }),
    extra.RATIBA_TEST_EFFECT_SINK ? { entry: CLUSTER_NODE_ENTRY } : {},
  );
  const c: ClusterNode = Object.assign(node, { id, alive: true });
  void node.exited.then(({ code }) => {
    c.alive = false;
    // CLUSTER_LOG_DIR=<dir> (with TEST_LOG=info or debug) keeps each process's log for a look.
    const dir = process.env.CLUSTER_LOG_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${id}-${node.proc.pid}.log`), node.output());
    }
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
