import type { Queryable } from '../../contract/queryable';
import { ident, type TenantSchema } from '../../contract/schema-name';

/** An effect written with an inbound event, only when the event is new (a receipt, say). */
export interface ReceiptEffect {
  kind: string;
  payload: Record<string, unknown>;
  /** Unique in the outbox, like every effect's key. */
  idempotencyKey: string;
}

export interface InboxInsert {
  eventId: string;
  threadKey: string;
  kind: 'customer' | 'admin';
  customerId: number | null;
  shard: number;
  source: string;
  channel: string | null;
  event: { type: string; at: number } & Record<string, unknown>;
  /**
   * Effects of the arrival itself, outside any turn (mark as read): written to the thread's
   * outbox by the same statement as the inbox row, so they are exactly as durable as the event
   * and leave before anything the thread's turn sends.
   */
  effects?: readonly ReceiptEffect[];
}

export interface InboxRow {
  id: number;
  eventId: string;
  threadKey: string;
  shard: number;
  event: { type: string; at: number } & Record<string, unknown>;
  receivedAt: number;
}

interface RawInboxRow {
  id: number;
  event_id: string;
  thread_key: string;
  shard: number;
  event: InboxRow['event'];
  received_ms: number;
}

const toRow = (r: RawInboxRow): InboxRow => ({
  id: r.id,
  eventId: r.event_id,
  threadKey: r.thread_key,
  shard: r.shard,
  event: r.event,
  receivedAt: r.received_ms,
});

/** Pending events of each of `threadKeys` (up to `limit` each), in inbox order. */
export async function pendingForThreads(
  q: Queryable,
  schema: TenantSchema,
  threadKeys: readonly string[],
  limit = 100,
): Promise<Map<string, InboxRow[]>> {
  const { rows } = await q.query<RawInboxRow>(
    `SELECT r.* FROM unnest($1::text[]) AS k(thread_key)
     CROSS JOIN LATERAL (
       SELECT id, event_id, thread_key, shard, event,
         (extract(epoch FROM received_at) * 1000)::bigint AS received_ms
       FROM ${ident(schema)}.inbox i
       WHERE i.thread_key = k.thread_key AND i.status = 'pending' ORDER BY i.id LIMIT $2) r
     ORDER BY r.id`,
    [[...new Set(threadKeys)], limit],
  );
  const out = new Map<string, InboxRow[]>(threadKeys.map((k) => [k, []]));
  for (const r of rows) out.get(r.thread_key)!.push(toRow(r));
  return out;
}

/** Threads with pending events in the given shards (the owner's sweep; wake-ups are only hints). */
export async function threadsWithPending(
  q: Queryable,
  schema: TenantSchema,
  shards: number[],
  limit = 1000,
): Promise<{ threadKey: string; shard: number }[]> {
  const { rows } = await q.query<{ thread_key: string; shard: number }>(
    `SELECT thread_key, min(shard) AS shard FROM ${ident(schema)}.inbox
     WHERE status = 'pending' AND shard = ANY($1::int[])
     GROUP BY thread_key ORDER BY min(id) LIMIT $2`,
    [shards, limit],
  );
  return rows.map((r) => ({ threadKey: r.thread_key, shard: r.shard }));
}

/** Marks one event dead without a turn (it could not even reach the machine). */
export async function deadLetterInbox(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  error: string,
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.inbox SET status = 'dead', processed_at = now(), error = $2 WHERE id = $1 AND status = 'pending'`,
    [id, error.slice(0, 2000)],
  );
}
