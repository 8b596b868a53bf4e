import type { Queryable } from '../../contract/queryable';
import { ident, type TenantSchema } from '../../contract/schema-name';

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
 * transcription): written to the threads' outbox in one statement, in the order given, so they
 * are durable once the webhook is acked and leave in each thread's order. Returns, for each,
 * whether its row is new (of two with one key, only the first).
 */
export async function enqueueEffects(
  q: Queryable,
  schema: TenantSchema,
  effects: readonly EnqueuedEffect[],
): Promise<boolean[]> {
  const { rows } = await q.query<{ idempotency_key: string }>(
    `INSERT INTO ${ident(schema)}.outbox (thread_key, shard, kind, payload, idempotency_key, next_attempt_at)
     SELECT thread_key, shard, kind, payload, idempotency_key,
       now() + make_interval(secs => delay_ms::double precision / 1000)
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (thread_key text, shard int, kind text,
       payload jsonb, idempotency_key text, delay_ms bigint)) WITH ORDINALITY AS x(thread_key, shard,
       kind, payload, idempotency_key, delay_ms, n)
     ORDER BY n
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING idempotency_key`,
    [
      JSON.stringify(
        effects.map((e) => ({
          thread_key: e.threadKey,
          shard: e.shard,
          kind: e.kind,
          payload: e.payload,
          idempotency_key: e.idempotencyKey,
          delay_ms: e.delayMs ?? 0,
        })),
      ),
    ],
  );
  const fresh = new Set(rows.map((r) => r.idempotency_key));
  return effects.map((e) => fresh.delete(e.idempotencyKey));
}
