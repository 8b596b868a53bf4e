import type { Database } from '../db/database';
import { ident, type TenantSchema } from '../../contract/schema-name';

export interface OutboxRow {
  id: number;
  threadKey: string;
  shard: number;
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  attempts: number;
}

/**
 * Claims due effects of the given shards: at most one per thread (the oldest pending), so each
 * thread's effects go out in order; a claim is a lease (`locked_until`), not an open transaction.
 */
export async function claimDue(
  db: Database,
  schema: TenantSchema,
  shards: number[],
  limit: number,
  leaseMs: number,
  nodeId: string,
): Promise<OutboxRow[]> {
  const s = ident(schema);
  const { rows } = await db.query<{
    id: number;
    thread_key: string;
    shard: number;
    kind: string;
    payload: Record<string, unknown>;
    idempotency_key: string;
    attempts: number;
  }>(
    `UPDATE ${s}.outbox o SET locked_until = now() + make_interval(secs => $3::double precision / 1000),
       attempts = o.attempts + 1, locked_by = $4
     WHERE o.id IN (
       SELECT p.id FROM ${s}.outbox p
       WHERE p.status = 'pending' AND p.next_attempt_at <= now() AND p.shard = ANY($1::int[])
         AND (p.locked_until IS NULL OR p.locked_until < now())
         -- The oldest pending effect of its thread. A scalar subquery, always run per candidate
         -- on outbox_thread_pending; as NOT EXISTS the planner could, on a new tenant's
         -- unanalyzed outbox, scan every pending row for every candidate.
         AND p.id = (SELECT e.id FROM ${s}.outbox e WHERE e.thread_key = p.thread_key AND e.status = 'pending'
                     ORDER BY e.id LIMIT 1)
       ORDER BY p.id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING o.id, o.thread_key, o.shard, o.kind, o.payload, o.idempotency_key, o.attempts`,
    [shards, limit, leaseMs, nodeId],
  );
  return rows.map((r) => ({
    id: r.id,
    threadKey: r.thread_key,
    shard: r.shard,
    kind: r.kind,
    payload: r.payload,
    idempotencyKey: r.idempotency_key,
    attempts: r.attempts,
  }));
}

export interface EffectOutcome {
  row: OutboxRow;
  status: 'done' | 'dead' | 'retry';
  result?: unknown;
  error?: string;
  /** For `retry`. */
  delayMs?: number;
  /** For `retry`: the run was a deferral (rate limit), not a failed attempt; give it back. */
  refundAttempt?: boolean;
  /** The event to deliver to the thread (a call's result, or its failure). */
  event?: Record<string, unknown>;
}

/**
 * Records the outcomes of a dispatched batch: finished effects are marked done/dead and their
 * result events inserted into the threads' inboxes in the same transaction (event id
 * `outbox:<id>`, so a re-run after a crash delivers nothing twice); retries are rescheduled.
 * Returns the threads that received an event.
 */
export async function recordOutcomes(
  db: Database,
  schema: TenantSchema,
  outcomes: EffectOutcome[],
): Promise<{ threadKey: string; shard: number }[]> {
  const s = ident(schema);
  const retries = outcomes.filter((o) => o.status === 'retry');
  const finished = outcomes.filter((o) => o.status !== 'retry');
  const json = JSON.stringify;
  if (retries.length > 0) {
    await db.query(
      `UPDATE ${s}.outbox o SET locked_until = NULL, last_error = x.error,
         next_attempt_at = now() + make_interval(secs => x.delay_ms / 1000.0),
         attempts = GREATEST(0, o.attempts - x.refund)
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, error text, delay_ms double precision, refund int)
       WHERE o.id = x.id`,
      [
        json(
          retries.map((o) => ({
            id: o.row.id,
            error: (o.error ?? '').slice(0, 2000),
            delay_ms: o.delayMs ?? 0,
            refund: o.refundAttempt ? 1 : 0,
          })),
        ),
      ],
    );
  }
  if (finished.length === 0) return [];
  const update = (q: Database | { query: Database['query'] }) =>
    q.query(
      `UPDATE ${s}.outbox o SET status = x.status, done_at = now(), result = x.result, locked_until = NULL,
         last_error = x.error
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, result jsonb, error text)
       WHERE o.id = x.id`,
      [
        json(
          finished.map((o) => ({
            id: o.row.id,
            status: o.status,
            result: o.result ?? null,
            error: o.error?.slice(0, 2000) ?? null,
          })),
        ),
      ],
    );
  const events = finished.filter((o) => o.event);
  if (events.length === 0) {
    await update(db);
    return [];
  }
  return db.transaction(async (tx) => {
    await update(tx);
    const { rows } = await tx.query<{ thread_key: string; shard: number }>(
      `INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
       SELECT event_id, thread_key, shard, 'outbox', event
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, thread_key text, shard int, event jsonb)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING thread_key, shard`,
      [
        json(
          events.map((o) => ({
            event_id: `outbox:${o.row.id}`,
            thread_key: o.row.threadKey,
            shard: o.row.shard,
            event: o.event,
          })),
        ),
      ],
    );
    return rows.map((r) => ({ threadKey: r.thread_key, shard: r.shard }));
  });
}

/**
 * Effects claimed by a previous owner of these shards that never finished (it died mid-send):
 * make them due now instead of waiting for the claim to expire. At least once: the provider
 * sees the same idempotency key again. Claims of processes still in the cluster (`liveMembers`)
 * are left alone: a live previous owner (a handover to a joining process) finishes what it
 * started and records the outcome, and if it dies first its claim expires. Without membership
 * (one process, or membership unknown) every foreign claim is released.
 */
export async function releaseOrphans(
  db: Database,
  schema: TenantSchema,
  shards: number[],
  nodeId: string,
  liveMembers: readonly string[] | null = null,
): Promise<number> {
  const r = await db.query(
    `UPDATE ${ident(schema)}.outbox SET locked_until = NULL
     WHERE status = 'pending' AND shard = ANY($1::int[]) AND locked_until IS NOT NULL
       AND locked_by IS DISTINCT FROM $2
       AND ($3::text[] IS NULL OR locked_by IS NULL OR NOT (locked_by = ANY($3::text[])))`,
    [shards, nodeId, liveMembers],
  );
  return r.rowCount ?? 0;
}
