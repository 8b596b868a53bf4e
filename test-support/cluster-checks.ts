import type { Database } from '../runtime/db/database';
import type { ClusterNode } from './cluster-kit';
import type { NodeProcess } from './spawn-node';

/**
 * What the cluster fault tests read back: the journal checked against what was acknowledged,
 * leases and failover times, metrics, and a way to pause a process in the middle of a commit.
 */

/** Waits until no inbox row is pending (every acknowledged event processed). */
export async function waitDrained(db: Database, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM t_demo.inbox WHERE status = 'pending')
            + (SELECT count(*) FROM t_demo.outbox WHERE status = 'pending') AS n`,
    );
    if (Number(rows[0]!.n) === 0) return;
    if (Date.now() > deadline) {
      const stuck = await db.query(
        `SELECT 'inbox' AS kind, id, shard, event_id AS what, NULL::timestamptz AS locked_until, NULL AS locked_by FROM t_demo.inbox WHERE status = 'pending'
         UNION ALL SELECT 'outbox', id, shard, kind, locked_until, locked_by FROM t_demo.outbox WHERE status = 'pending' LIMIT 10`,
      );
      throw new Error(
        `${rows[0]!.n} inbox/outbox rows still pending: ${JSON.stringify(stuck.rows)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface JournalCheck {
  /** Acked message ids with no journal row, or more than one. */
  missing: string[];
  duplicated: string[];
  /** Threads whose journal order differs from their send order. */
  outOfOrder: string[];
  /** Threads whose journal epochs go down along seq (a commit under a stale epoch). */
  epochRegressions: string[];
  /** Threads whose snapshot is not the last journal row's (seq or epoch). */
  snapshotMismatches: string[];
  journalRows: number;
}

/** Inbox event ids of messages from outside: the simulator's and WhatsApp's. */
const MESSAGE_SOURCES = ['sim:', 'wa:'];

/**
 * The guarantees, read back from the database: every acknowledged message (by inbox event id)
 * applied exactly once
 * (journal joined with inbox), in each thread's send order, with epochs that never go down along
 * a thread's seq, and snapshots written by the last turn's epoch.
 */
export async function checkJournal(db: Database, acked: string[][]): Promise<JournalCheck> {
  const { rows } = await db.query<{
    thread_key: string;
    seq: number;
    epoch: number;
    event_id: string;
  }>(
    `SELECT j.thread_key, j.seq, j.epoch, i.event_id
     FROM t_demo.journal j JOIN t_demo.inbox i ON i.id = j.inbox_id ORDER BY j.thread_key, j.seq`,
  );
  const count = new Map<string, number>();
  const byThread = new Map<string, typeof rows>();
  for (const r of rows) {
    count.set(r.event_id, (count.get(r.event_id) ?? 0) + 1);
    const list = byThread.get(r.thread_key) ?? [];
    list.push(r);
    byThread.set(r.thread_key, list);
  }
  const check: JournalCheck = {
    missing: [],
    duplicated: [],
    outOfOrder: [],
    epochRegressions: [],
    snapshotMismatches: [],
    journalRows: rows.length,
  };
  const threadOf = new Map<string, string>();
  for (const r of rows) threadOf.set(r.event_id, r.thread_key);
  for (const ids of acked) {
    for (const id of ids) {
      const n = count.get(id) ?? 0;
      if (n === 0) check.missing.push(id);
      if (n > 1) check.duplicated.push(id);
    }
    const thread = ids[0] ? threadOf.get(ids[0]) : undefined;
    if (!thread) continue;
    // The thread's inbound messages (not call results or timers), in journal order.
    const order = byThread
      .get(thread)!
      .filter((r) => MESSAGE_SOURCES.some((p) => r.event_id.startsWith(p)))
      .map((r) => r.event_id);
    if (order.join(',') !== ids.join(',')) check.outOfOrder.push(thread);
  }
  for (const [thread, list] of byThread) {
    for (let i = 1; i < list.length; i++)
      if (list[i]!.epoch < list[i - 1]!.epoch) check.epochRegressions.push(thread);
  }
  const { rows: snaps } = await db.query<{ thread_key: string; seq: number; epoch: number }>(
    `SELECT thread_key, seq, epoch FROM t_demo.actor_snapshots`,
  );
  for (const s of snaps) {
    const last = byThread.get(s.thread_key)?.at(-1);
    if (!last || last.seq !== s.seq || last.epoch !== s.epoch)
      check.snapshotMismatches.push(s.thread_key);
  }
  return check;
}

/** `ratiba_turns_total{outcome="..."}` of one node (0 when absent or unreachable). */
export async function turnsWithOutcome(node: NodeProcess, outcome: string): Promise<number> {
  const text = await fetch(`${node.url}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const m = new RegExp(`^ratiba_turns_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * The members a node sees (`/readyz`), null while its own heartbeats fail and it cannot tell
 * (undefined: unreachable).
 */
export async function membersSeenBy(node: NodeProcess): Promise<string[] | null | undefined> {
  const body = await fetch(`${node.url}/readyz`)
    .then((r) => r.json() as Promise<{ cluster?: { members: string[] | null } }>)
    .catch(() => undefined);
  return body?.cluster ? body.cluster.members : undefined;
}

/** Shards whose lease `owner` holds now. */
export async function shardsOwnedBy(db: Database, owner: string): Promise<number[]> {
  const { rows } = await db.query<{ shard: number }>(
    `SELECT shard FROM public.shard_leases WHERE owner = $1 ORDER BY shard`,
    [owner],
  );
  return rows.map((r) => r.shard);
}

/**
 * Failover after `dead` stopped at `since` (ms): `claimedMs` is when every one of its `shards`
 * was leased to another process; `processedMs` when, in addition, every inbox row of those shards
 * received before the fault had been processed.
 */
export async function measureFailover(
  db: Database,
  dead: string,
  shards: number[],
  since: number,
  timeoutMs = 30_000,
): Promise<{ claimedMs: number; processedMs: number }> {
  const deadline = since + timeoutMs;
  let claimedMs: number | undefined;
  for (;;) {
    if (claimedMs === undefined) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM public.shard_leases
         WHERE shard = ANY($1::int[]) AND (owner IS NULL OR owner = $2)`,
        [shards, dead],
      );
      if (rows[0]!.n === 0) claimedMs = Date.now() - since;
    }
    if (claimedMs !== undefined) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM t_demo.inbox WHERE status = 'pending'
         AND shard = ANY($1::int[]) AND received_at < to_timestamp($2::double precision / 1000)`,
        [shards, since],
      );
      if (rows[0]!.n === 0) return { claimedMs, processedMs: Date.now() - since };
    }
    if (Date.now() > deadline) throw new Error(`shards of ${dead} not taken over in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * When `shards` were processing again under their new owners: ms from `since` to the first turn
 * committed on one of them under an epoch at least its claim's (undefined: none yet).
 */
export async function processingResumedMs(
  db: Database,
  claims: Map<number, { epoch: number }>,
  since: number,
): Promise<number | undefined> {
  const list = [...claims].map(([shard, c]) => ({ shard, epoch: c.epoch }));
  const { rows } = await db.query<{ first_ms: number | null }>(
    `SELECT min(extract(epoch FROM j.created_at) * 1000) AS first_ms
     FROM t_demo.journal j JOIN t_demo.inbox i ON i.id = j.inbox_id
     JOIN jsonb_to_recordset($1::jsonb) AS c(shard int, epoch bigint) ON c.shard = i.shard
     WHERE j.epoch >= c.epoch`,
    [JSON.stringify(list)],
  );
  const first = rows[0]?.first_ms;
  return first === null || first === undefined ? undefined : Math.round(Number(first) - since);
}

export { freezeLeases, leasesOf } from './cluster-leases';

/** Waits until `read()` is true (polling every 50 ms), or throws `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  read: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Journal rows of `shards` written under an epoch older than `claims` by a transaction that
 * began after that claim — what a stale owner's commit would leave behind. Must be zero.
 */
export async function commitsAfterClaim(
  db: Database,
  claims: Map<number, { epoch: number; takenAtMs: number }>,
): Promise<number> {
  const list = [...claims].map(([shard, c]) => ({ shard, epoch: c.epoch, taken_ms: c.takenAtMs }));
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n
     FROM t_demo.journal j JOIN t_demo.inbox i ON i.id = j.inbox_id
     JOIN jsonb_to_recordset($1::jsonb) AS c(shard int, epoch bigint, taken_ms double precision)
       ON c.shard = i.shard
     WHERE j.epoch < c.epoch AND j.created_at > to_timestamp(c.taken_ms / 1000)`,
    [JSON.stringify(list)],
  );
  return rows[0]!.n;
}

/**
 * A node's commit transactions that are open and waiting on the node: past the fence, holding
 * the lease rows FOR KEY SHARE (a RowShareLock on `public.shard_leases`), idle in transaction.
 */
export async function openCommitsOf(db: Database, nodeId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT a.pid)::int AS n FROM pg_stat_activity a
     JOIN pg_locks l ON l.pid = a.pid AND l.relation = 'public.shard_leases'::regclass
       AND l.mode = 'RowShareLock' AND l.granted
     WHERE a.application_name = $1 AND a.state = 'idle in transaction'`,
    [`ratiba:${nodeId}`],
  );
  return rows[0]!.n;
}

/**
 * SIGSTOPs `node` (mid-burst) and returns how many commit transactions it holds open, paused,
 * once the statements it had sent have had time to finish. A one-tenant group commit is a single
 * statement (no BEGIN/COMMIT), so a paused process holds none: nothing of it waits on the node.
 */
export async function stopAndCountOpenCommits(db: Database, node: ClusterNode): Promise<number> {
  node.proc.kill('SIGSTOP');
  await new Promise((r) => setTimeout(r, 200));
  return openCommitsOf(db, node.id);
}

/** Sum over `nodes` of `ratiba_dedup_lookups_total{result="..."}` (hit, miss, error). */
export async function dedupLookups(nodes: NodeProcess[], result: string): Promise<number> {
  const counts = await Promise.all(
    nodes.map(async (n) => {
      const text = await fetch(`${n.url}/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      const m = new RegExp(`^ratiba_dedup_lookups_total\\{result="${result}"\\} (\\d+)`, 'm').exec(
        text,
      );
      return m ? Number(m[1]) : 0;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
