import type { Queryable } from '../db/queryable';
import { ident, type TenantSchema } from '../db/schema-name';

export interface EnqueuedEffect {
  threadKey: string;
  shard: number;
  kind: string;
  payload: Record<string, unknown>;
  /** Unique: enqueueing the same key twice (a webhook delivered again) is a no-op. */
  idempotencyKey: string;
  /** Not before this many ms from now. */
  delayMs?: number;
}

/**
 * Effects that do not come from a turn (mark as read, a status webhook's re-send, a voice note's
 * transcription): written to the thread's outbox, so they are durable once the webhook is acked
 * and leave in the thread's order. Returns whether the row is new.
 */
export async function enqueueEffect(
  q: Queryable,
  schema: TenantSchema,
  e: EnqueuedEffect,
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO ${ident(schema)}.outbox (thread_key, shard, kind, payload, idempotency_key, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::double precision / 1000))
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [e.threadKey, e.shard, e.kind, JSON.stringify(e.payload), e.idempotencyKey, e.delayMs ?? 0],
  );
  return (r.rowCount ?? 0) > 0;
}
