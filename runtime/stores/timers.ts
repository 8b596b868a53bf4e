/**
 * The `timers` table: durable timers set by turns (and by the reminder scheduler), fired by the
 * shard's owner into the thread's inbox (event id `timer:<id>`, the event's `at` is the due time).
 * The only module that writes the table.
 */
import { ident, type Queryable, type TenantSchema } from '../../contract';
import { jsonRows, recordset } from '../db/bulk';
import { insertInboxSql, type InboxInserted } from './inbox';

export interface TimerSet {
  threadKey: string;
  timerKey: string;
  shard: number;
  fireAtMs: number;
  event: Record<string, unknown>;
}

export const SET_COLUMNS = {
  thread_key: 'text',
  timer_key: 'text',
  shard: 'int',
  fire_at_ms: 'float8',
  event: 'jsonb',
} as const;

/**
 * `INSERT INTO <schema>.timers ...` from `from` (a relation `x` of SET_COLUMNS): a key set again
 * replaces the earlier one, or with `keepExisting` is left as it is. `s` is quoted. Also a part
 * of the fused turn statement.
 */
export function setTimersSql(s: string, from: string, keepExisting = false): string {
  const onConflict = keepExisting
    ? 'DO NOTHING'
    : `DO UPDATE SET fire_at = EXCLUDED.fire_at, event = EXCLUDED.event,
       shard = EXCLUDED.shard, created_at = now()`;
  return `INSERT INTO ${s}.timers (thread_key, timer_key, shard, fire_at, event)
     SELECT x.thread_key, x.timer_key, x.shard, to_timestamp(x.fire_at_ms / 1000.0), x.event
     FROM ${from}
     ON CONFLICT (thread_key, timer_key) ${onConflict}`;
}

/** A timer as a row of SET_COLUMNS. */
export const timerSetRow = (t: TimerSet) => ({
  thread_key: t.threadKey,
  timer_key: t.timerKey,
  shard: t.shard,
  fire_at_ms: t.fireAtMs,
  event: t.event,
});

/**
 * Sets (or moves) timers; a key set again replaces the earlier one. With `keepExisting`, a key
 * already set is left as it is (a timer chain seeded idempotently). Returns how many were written.
 */
export async function setTimers(
  q: Queryable,
  schema: TenantSchema,
  timers: readonly TimerSet[],
  { keepExisting = false } = {},
): Promise<number> {
  if (timers.length === 0) return 0;
  const { rowCount } = await q.query(
    setTimersSql(ident(schema), recordset(SET_COLUMNS), keepExisting),
    [jsonRows(timers.map(timerSetRow))],
  );
  return rowCount ?? 0;
}

export const CANCEL_COLUMNS = { thread_key: 'text', timer_key: 'text' } as const;

/** `DELETE FROM <schema>.timers ...` of the keys in `from` (a relation `x` of CANCEL_COLUMNS). */
export function cancelTimersSql(s: string, from: string): string {
  return `DELETE FROM ${s}.timers t USING ${from}
     WHERE t.thread_key = x.thread_key AND t.timer_key = x.timer_key`;
}

/** Cancels timers by key (a key that is not set is no error). */
export async function cancelTimers(
  q: Queryable,
  schema: TenantSchema,
  timers: readonly { threadKey: string; timerKey: string }[],
): Promise<void> {
  if (timers.length === 0) return;
  await q.query(cancelTimersSql(ident(schema), recordset(CANCEL_COLUMNS)), [
    jsonRows(timers.map((t) => ({ thread_key: t.threadKey, timer_key: t.timerKey }))),
  ]);
}

/** Cancels every timer of a thread whose key starts with `prefix` (an appointment's reminders). */
export async function cancelTimersWithPrefix(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  prefix: string,
): Promise<void> {
  await q.query(
    `DELETE FROM ${ident(schema)}.timers WHERE thread_key = $1 AND starts_with(timer_key, $2)`,
    [threadKey, prefix],
  );
}

/** Which due timers a statement takes: shards, how many at most, and "due" (null: now). */
export interface DueQuery {
  shards: readonly number[];
  limit: number;
  dueAtMs: number | null;
}

/**
 * Deletes the due timers ($1 shards, $2 at most, $3 due time) that pass `prefixFilter`, and
 * returns their `returning` columns.
 */
const deleteDue = (s: string, prefixFilter: string, returning: string) =>
  `DELETE FROM ${s}.timers WHERE id IN (
     SELECT id FROM ${s}.timers
     WHERE fire_at <= COALESCE(to_timestamp($3::float8 / 1000), now())
       AND shard = ANY($1::int[]) AND ${prefixFilter}
     ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED)
   RETURNING ${returning}`;

/**
 * Fires due timers whose keys start with none of `exceptPrefixes` in one statement: deleted and
 * delivered to their threads' inboxes together.
 */
export async function fireDueTimers(
  q: Queryable,
  schema: TenantSchema,
  query: DueQuery,
  exceptPrefixes: readonly string[],
): Promise<InboxInserted[]> {
  const s = ident(schema);
  const { rows } = await q.query<InboxInserted>(
    `WITH due AS (${deleteDue(
      s,
      `NOT EXISTS (SELECT 1 FROM unnest($4::text[]) AS g(prefix) WHERE starts_with(timer_key, g.prefix))`,
      'id, thread_key, shard, fire_at, event',
    )})
     ${insertInboxSql(
       s,
       `SELECT 'timer:' || id, thread_key, shard, 'timer',
          event || jsonb_build_object('at', (extract(epoch FROM fire_at) * 1000)::bigint)
        FROM due`,
     )}
     RETURNING id, thread_key, shard, event_id`,
    [query.shards, query.limit, query.dueAtMs, exceptPrefixes],
  );
  return rows;
}

export interface TakenTimer {
  id: number;
  threadKey: string;
  timerKey: string;
  shard: number;
  fireAt: number;
  event: Record<string, unknown>;
}

/** Whether a timer with this key prefix is due (a cheap read before a gated transaction). */
export async function anyDueTimer(
  q: Queryable,
  schema: TenantSchema,
  query: Omit<DueQuery, 'limit'>,
  prefix: string,
): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM ${ident(schema)}.timers
     WHERE fire_at <= COALESCE(to_timestamp($2::float8 / 1000), now())
       AND shard = ANY($1::int[]) AND starts_with(timer_key, $3)
     LIMIT 1`,
    [query.shards, query.dueAtMs, prefix],
  );
  return rows.length > 0;
}

/** Deletes and returns due timers whose keys start with `prefix` (their gate judges them). */
export async function takeDueTimers(
  q: Queryable,
  schema: TenantSchema,
  query: DueQuery,
  prefix: string,
): Promise<TakenTimer[]> {
  // bigint columns arrive as numbers (runtime/db/database.ts sets pg's INT8 parser).
  const { rows } = await q.query<TakenTimer>(
    deleteDue(
      ident(schema),
      'starts_with(timer_key, $4)',
      `id, thread_key AS "threadKey", timer_key AS "timerKey", shard,
       (extract(epoch FROM fire_at) * 1000)::bigint AS "fireAt", event`,
    ),
    [query.shards, query.limit, query.dueAtMs, prefix],
  );
  return rows;
}
