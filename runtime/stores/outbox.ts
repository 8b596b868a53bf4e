/**
 * The `outbox` table: effects (replies, calls, receipts) written with the turn or the webhook that
 * caused them, claimed with a lease by the shard's owner, carried out at least once under their
 * idempotency key, their results delivered to the thread's inbox. The only module that writes the
 * table; the ingress batch's statement takes its SQL from `insertOutboxSql`.
 */
import { firstRow, ident, type Queryable, type TenantSchema } from '../../contract';
import type { Database } from '../db/database';
import { jsonRows, orderedRecordset, purgeOldestSql, recordset } from '../db/bulk';
import { insertInboxEvents } from './inbox';

export interface OutboxRow {
  id: number;
  threadKey: string;
  shard: number;
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  attempts: number;
  /** The previous run never recorded an outcome (its process died or stalled): it may be done. */
  interrupted: boolean;
}

/**
 * Claims due effects of the given shards: at most one per thread (the oldest pending), so each
 * thread's effects go out in order; a claim is a lease (`locked_until`), not an open transaction.
 * With `threadKeys`, only effects of those threads (a follow-up claim: see FollowUps). Effects of
 * the `unordered` kinds (read receipts) are claimed beside their thread's line, not in it: they
 * neither wait for its oldest effect nor hold it back. Interrupted:
 * released as a dead owner's, or its claim expired (an outcome recorded clears `locked_until`).
 */
export async function claimDue(
  db: Database,
  schema: TenantSchema,
  shards: number[],
  limit: number,
  leaseMs: number,
  nodeId: string,
  threadKeys?: readonly string[],
  unordered: readonly string[] = [],
): Promise<OutboxRow[]> {
  const s = ident(schema);
  const u = threadKeys ? '$6' : '$5';
  const { rows } = await db.query<OutboxRow>(
    `UPDATE ${s}.outbox o SET locked_until = now() + make_interval(secs => $3::double precision / 1000),
       attempts = o.attempts + 1, locked_by = $4, interrupted = false
     FROM (
       SELECT p.id, (p.interrupted OR p.locked_until IS NOT NULL) AS interrupted FROM ${s}.outbox p
       WHERE p.status = 'pending' AND p.next_attempt_at <= now() AND p.shard = ANY($1::int[])
         ${threadKeys ? 'AND p.thread_key = ANY($5::text[])' : ''}
         AND (p.locked_until IS NULL OR p.locked_until < now())
         -- The oldest pending effect of its thread. A scalar subquery, always run per candidate
         -- on outbox_thread_pending; as NOT EXISTS the planner could, on a new tenant's
         -- unanalyzed outbox, scan every pending row for every candidate.
         AND (p.kind = ANY(${u}::text[])
              OR p.id = (SELECT e.id FROM ${s}.outbox e WHERE e.thread_key = p.thread_key AND e.status = 'pending'
                           AND NOT (e.kind = ANY(${u}::text[]))
                         ORDER BY e.id LIMIT 1))
       ORDER BY p.id LIMIT $2 FOR UPDATE SKIP LOCKED) c
     WHERE o.id = c.id
     RETURNING o.id, o.thread_key AS "threadKey", o.shard, o.kind, o.payload,
       o.idempotency_key AS "idempotencyKey", o.attempts, c.interrupted`,
    threadKeys
      ? [shards, limit, leaseMs, nodeId, threadKeys, unordered]
      : [shards, limit, leaseMs, nodeId, unordered],
  );
  return rows;
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

export interface RecordedOutcomes {
  /** Threads that received an event (to wake). */
  woken: { threadKey: string; shard: number }[];
  /** Threads of finished effects that have another pending effect (to claim next). */
  more: string[];
}

/**
 * Records the outcomes of a dispatched batch: finished effects are marked done/dead and their
 * result events inserted into the threads' inboxes in the same transaction (event id
 * `outbox:<id>`, so a re-run after a crash delivers nothing twice); retries are rescheduled.
 */
export async function recordOutcomes(
  db: Database,
  schema: TenantSchema,
  outcomes: EffectOutcome[],
): Promise<RecordedOutcomes> {
  const s = ident(schema);
  const retries = outcomes.filter((o) => o.status === 'retry');
  const finished = outcomes.filter((o) => o.status !== 'retry');
  if (retries.length > 0) {
    await db.query(
      `UPDATE ${s}.outbox o SET locked_until = NULL, last_error = x.error,
         next_attempt_at = now() + make_interval(secs => x.delay_ms / 1000.0),
         attempts = GREATEST(0, o.attempts - x.refund)
       FROM ${recordset({ id: 'bigint', error: 'text', delay_ms: 'float8', refund: 'int' })}
       WHERE o.id = x.id`,
      [
        jsonRows(
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
  if (finished.length === 0) return { woken: [], more: [] };
  // `more`: the statement's snapshot still shows the row itself pending, hence `e.id <> o.id`.
  const update = async (q: Queryable) =>
    (
      await q.query<{ thread_key: string; more: boolean }>(
        `UPDATE ${s}.outbox o SET status = x.status, done_at = now(), result = x.result, locked_until = NULL,
         last_error = x.error
       FROM ${recordset({ id: 'bigint', status: 'text', result: 'jsonb', error: 'text' })}
       WHERE o.id = x.id
       RETURNING o.thread_key, EXISTS (SELECT 1 FROM ${s}.outbox e
         WHERE e.thread_key = o.thread_key AND e.status = 'pending' AND e.id <> o.id) AS more`,
        [
          jsonRows(
            finished.map((o) => ({
              id: o.row.id,
              status: o.status,
              result: o.result ?? null,
              error: o.error?.slice(0, 2000) ?? null,
            })),
          ),
        ],
      )
    ).rows
      .filter((r) => r.more)
      .map((r) => r.thread_key);
  const events = finished.filter((o) => o.event);
  if (events.length === 0) return { woken: [], more: await update(db) };
  return db.transaction(async (tx) => {
    const more = await update(tx);
    const rows = await insertInboxEvents(
      tx,
      schema,
      events.map((o) => ({
        eventId: `outbox:${o.row.id}`,
        threadKey: o.row.threadKey,
        shard: o.row.shard,
        source: 'outbox',
        event: o.event!,
      })),
    );
    return { woken: rows.map((r) => ({ threadKey: r.thread_key, shard: r.shard })), more };
  });
}

/**
 * Effects claimed by a previous owner of these shards that never finished (it died mid-send):
 * make them due now instead of waiting for the claim to expire, marked `interrupted` (their
 * outcome is unknown). At least once: the provider sees the same idempotency key again. Claims of processes still in the cluster (`liveMembers`)
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
    `UPDATE ${ident(schema)}.outbox SET locked_until = NULL, interrupted = true
     WHERE status = 'pending' AND shard = ANY($1::int[]) AND locked_until IS NOT NULL
       AND locked_by IS DISTINCT FROM $2
       AND ($3::text[] IS NULL OR locked_by IS NULL OR NOT (locked_by = ANY($3::text[])))`,
    [shards, nodeId, liveMembers],
  );
  return r.rowCount ?? 0;
}

/**
 * `INSERT INTO <schema>.outbox ... <select> ON CONFLICT DO NOTHING`: `select` yields thread_key,
 * shard, kind, payload, idempotency_key (and next_attempt_at when `delayed`). `s` is quoted.
 */
export function insertOutboxSql(s: string, select: string, delayed = false): string {
  return `INSERT INTO ${s}.outbox (thread_key, shard, kind, payload, idempotency_key${delayed ? ', next_attempt_at' : ''})
    ${select}
    ON CONFLICT (idempotency_key) DO NOTHING`;
}

export interface EnqueuedEffect {
  threadKey: string;
  shard: number;
  kind: string;
  payload: Record<string, unknown>;
  /** Unique: enqueueing the same key twice (a webhook or a turn written again) is a no-op. */
  idempotencyKey: string;
  /** Not before this many ms from now. */
  delayMs?: number;
}

const ENQUEUE_COLUMNS = {
  thread_key: 'text',
  shard: 'int',
  kind: 'text',
  payload: 'jsonb',
  idempotency_key: 'text',
  delay_ms: 'bigint',
} as const;

/**
 * Writes effects to the threads' outbox in one statement, in the order given (ids follow it, so
 * each thread's effects leave in that order): a turn's replies and calls, and effects that do not
 * come from a turn (mark as read, a status webhook's re-send, a voice note's transcription).
 * Returns, for each, whether its row is new (of two with one key, only the first).
 */
export async function enqueueEffects(
  q: Queryable,
  schema: TenantSchema,
  effects: readonly EnqueuedEffect[],
): Promise<boolean[]> {
  if (effects.length === 0) return [];
  const { rows } = await q.query<{ idempotency_key: string }>(
    insertOutboxSql(
      ident(schema),
      `SELECT thread_key, shard, kind, payload, idempotency_key,
         now() + make_interval(secs => delay_ms::double precision / 1000)
       FROM ${orderedRecordset(ENQUEUE_COLUMNS)}
       ORDER BY n`,
      true,
    ) + ' RETURNING idempotency_key',
    [
      jsonRows(
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

/**
 * Retention's statement for the outbox (see `purgeOldestSql`): done effects go, oldest first;
 * pending and dead effects stay. `s` is quoted.
 */
export const purgeOutboxSql = (s: string): string =>
  purgeOldestSql(`DELETE FROM ${s}.outbox`, `${s}.outbox`, "status = 'done' AND done_at");

/** A pending effect waiting for evidence (see WhatsAppSender) got it: due now. */
export async function effectDueNow(q: Queryable, schema: TenantSchema, outboxId: number) {
  const r = await q.query(
    `UPDATE ${ident(schema)}.outbox SET next_attempt_at = now()
     WHERE id = $1 AND status = 'pending' AND next_attempt_at > now()`,
    [outboxId],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The thread of an outbox effect, or undefined when there is no such effect. */
export async function outboxThreadKey(
  q: Queryable,
  schema: TenantSchema,
  outboxId: number,
): Promise<string | undefined> {
  const sql = `SELECT thread_key FROM ${ident(schema)}.outbox WHERE id = $1`;
  return (await firstRow<{ thread_key: string }>(q, sql, [outboxId]))?.thread_key;
}
