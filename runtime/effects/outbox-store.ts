import type { Database } from '../db/database';
import { ident, type TenantSchema } from '../db/schema-name';

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
       attempts = o.attempts + 1
     WHERE o.id IN (
       SELECT p.id FROM ${s}.outbox p
       WHERE p.status = 'pending' AND p.next_attempt_at <= now() AND p.shard = ANY($1::int[])
         AND (p.locked_until IS NULL OR p.locked_until < now())
         AND NOT EXISTS (SELECT 1 FROM ${s}.outbox e WHERE e.thread_key = p.thread_key AND e.status = 'pending' AND e.id < p.id)
       ORDER BY p.id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING o.id, o.thread_key, o.shard, o.kind, o.payload, o.idempotency_key, o.attempts`,
    [shards, limit, leaseMs],
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

/** Marks an effect done and, in the same transaction, delivers its result event to the thread. */
export async function completeEffect(
  db: Database,
  schema: TenantSchema,
  row: OutboxRow,
  result: unknown,
  event: Record<string, unknown> | null,
  status: 'done' | 'dead',
  error?: string,
): Promise<number | null> {
  const s = ident(schema);
  return db.transaction(async (tx) => {
    await tx.query(
      `UPDATE ${s}.outbox SET status = $2, done_at = now(), result = $3, locked_until = NULL, last_error = $4
       WHERE id = $1`,
      [row.id, status, JSON.stringify(result ?? null), error ?? null],
    );
    if (!event) return null;
    const ins = await tx.query<{ id: number }>(
      `INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event) VALUES ($1, $2, $3, 'outbox', $4)
       ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [`outbox:${row.id}`, row.threadKey, row.shard, JSON.stringify(event)],
    );
    return ins.rows[0]?.id ?? null;
  });
}

export async function retryEffectLater(
  db: Database,
  schema: TenantSchema,
  id: number,
  delayMs: number,
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE ${ident(schema)}.outbox SET locked_until = NULL, last_error = $3,
       next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     WHERE id = $1`,
    [id, delayMs, error.slice(0, 2000)],
  );
}
