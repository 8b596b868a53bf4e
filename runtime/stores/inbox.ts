/**
 * The `inbox` table: every event of every source, durable before it is acknowledged (unique on
 * the source's event id: a delivery again is a no-op), processed in order by the thread's turns.
 * The only module that writes the table; other stores' statements that insert events (timers
 * firing, effect results, the ingress batch) take their SQL from `insertInboxSql`.
 */
import {
  RatibaError,
  cleanDeep,
  cleanText,
  ident,
  type Queryable,
  type TenantSchema,
} from '../../contract';
import { jsonRows, purgeOldestSql, recordset } from '../db/bulk';

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

/**
 * An event the database refused as it was (see InboxWriter), stored `dead` with the error and a
 * cleaned copy: visible, never run, and a redelivery of it is a duplicate.
 */
export async function insertDeadInboxEvent(
  q: Queryable,
  schema: TenantSchema,
  e: Pick<InboxInsert, 'eventId' | 'threadKey' | 'shard' | 'source' | 'event'>,
  error: string,
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.inbox
       (event_id, thread_key, shard, source, event, status, processed_at, error)
     VALUES ($1, $2, $3, $4, $5::jsonb, 'dead', now(), $6)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      cleanText(e.eventId),
      cleanText(e.threadKey),
      e.shard,
      cleanText(e.source),
      JSON.stringify(cleanDeep(e.event)),
      cleanText(error).slice(0, 2000),
    ],
  );
}

/**
 * `INSERT INTO <schema>.inbox ... <select> ON CONFLICT DO NOTHING`: `select` yields the columns
 * event_id, thread_key, shard, source, event, in that order. `s` is the quoted schema.
 */
export function insertInboxSql(s: string, select: string): string {
  return `INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
    ${select}
    ON CONFLICT (event_id) DO NOTHING`;
}

/** A new inbox row: who must be woken for it. */
export interface InboxInserted {
  id: number;
  thread_key: string;
  shard: number;
  event_id: string;
}

export interface InboxEvent {
  eventId: string;
  threadKey: string;
  shard: number;
  source: string;
  event: Record<string, unknown>;
}

const EVENT_COLUMNS = {
  event_id: 'text',
  thread_key: 'text',
  shard: 'int',
  source: 'text',
  event: 'jsonb',
} as const;

/** Inserts events for threads (duplicates by event id are no-ops); returns the new rows. */
export async function insertInboxEvents(
  q: Queryable,
  schema: TenantSchema,
  events: readonly InboxEvent[],
): Promise<InboxInserted[]> {
  if (events.length === 0) return [];
  const { rows } = await q.query<InboxInserted>(
    `${insertInboxSql(
      ident(schema),
      `SELECT event_id, thread_key, shard, source, event FROM ${recordset(EVENT_COLUMNS)}`,
    )}
     RETURNING id, thread_key, shard, event_id`,
    [
      jsonRows(
        events.map((e) => ({
          event_id: e.eventId,
          thread_key: e.threadKey,
          shard: e.shard,
          source: e.source,
          event: e.event,
        })),
      ),
    ],
  );
  return rows;
}

export const OUTCOME_COLUMNS = { id: 'bigint', status: 'text', error: 'text' } as const;

/**
 * `UPDATE <schema>.inbox ...`: marks the pending rows of `from` (a relation `x` of
 * OUTCOME_COLUMNS) processed or dead. `s` is quoted. Also the fused turn statement's part.
 */
export function markInboxSql(s: string, from: string): string {
  return `UPDATE ${s}.inbox i SET status = x.status, processed_at = now(), error = x.error
     FROM ${from}
     WHERE i.id = x.id AND i.status = 'pending'`;
}

/**
 * Marks the events of committed turns processed (or dead). Every row must still be pending:
 * only a second writer could have processed one, so a short count refuses the whole batch.
 */
export async function markInboxOutcomes(
  q: Queryable,
  schema: TenantSchema,
  outcomes: readonly { id: number; status: 'processed' | 'dead'; error: string | null }[],
): Promise<void> {
  const { rowCount } = await q.query(markInboxSql(ident(schema), recordset(OUTCOME_COLUMNS)), [
    jsonRows(outcomes),
  ]);
  checkInboxMarked(rowCount ?? 0, outcomes.length);
}

/** Refuses a batch in which fewer inbox rows than expected were still pending. */
export function checkInboxMarked(marked: number, expected: number): void {
  if (marked !== expected) {
    throw new RatibaError('stale_epoch', 'an inbox row of this batch was already processed', {
      retryable: true,
    });
  }
}

/**
 * Retention's statement for the inbox (see `purgeOldestSql`): processed events go, oldest first;
 * pending and dead events stay. `s` is quoted.
 */
export const purgeInboxSql = (s: string): string =>
  purgeOldestSql(`DELETE FROM ${s}.inbox`, `${s}.inbox`, "status = 'processed' AND processed_at");
