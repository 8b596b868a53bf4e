import { ident, RatibaError, type Queryable, type TenantSchema } from '../../contract';
import { type Columns, jsonRows, orderedRecordset, recordset } from '../db/bulk';
import { insertInboxSql, markInboxSql, OUTCOME_COLUMNS } from './inbox';
import { appendJournalSql, JOURNAL_COLUMNS, SNAPSHOT_COLUMNS, upsertSnapshotsSql } from './journal';
import { insertOutboxSql } from './outbox';
import { fenceSql } from './shard-leases';
import { upsertThreadsSql } from './threads';
import { CANCEL_COLUMNS, cancelTimersSql, SET_COLUMNS, setTimersSql, timerSetRow } from './timers';

/** Everything one turn writes, committed atomically (possibly together with other turns). */
export interface TurnWrite {
  tenant: string;
  schema: TenantSchema;
  shard: number;
  /** The fencing epoch this process holds for `shard`; the commit checks it. */
  epoch: number;
  threadKey: string;
  inboxId: number;
  /** `dead`: the event could not be applied (machine error, unknown snapshot version). */
  inboxStatus: 'processed' | 'dead';
  inboxError?: string;
  journal?: JournalEntry;
  snapshot?: SnapshotWrite;
  outbox: OutboxWrite[];
  timersSet: TimerWrite[];
  timersCancel: string[];
  /** Events for other threads of the same tenant, delivered durably through their inbox. */
  messages: ThreadMessageWrite[];
}

export interface JournalEntry {
  seq: number;
  eventType: string;
  event: unknown;
  stateBefore: unknown;
  stateAfter: unknown;
  effects: unknown[];
  outcome: 'applied' | 'ignored';
}

export interface SnapshotWrite {
  machine: string;
  version: number;
  snapshot: unknown;
  stateValue: unknown;
  seq: number;
}

export interface OutboxWrite {
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

export interface TimerWrite {
  key: string;
  fireAt: number;
  event: Record<string, unknown>;
}

export interface ThreadMessageWrite {
  threadKey: string;
  kind: 'customer' | 'admin';
  customerId: number | null;
  shard: number;
  eventId: string;
  source: string;
  event: Record<string, unknown>;
}

/** A new inbox row created by a commit (actor-to-actor message): its owner must be woken. */
export interface DeliveredMessage {
  tenant: string;
  threadKey: string;
  shard: number;
  inboxId: number;
  eventId: string;
}

/**
 * What a group commit did: the shards it refused (no longer held at the turns' epoch) and the
 * inbox rows it created for other threads (their owners must be woken).
 */
export interface TurnsWritten {
  stale: Set<number>;
  delivered: DeliveredMessage[];
}

/** The batch's turns per tenant schema (each group is one statement). */
export function groupBySchema(writes: readonly TurnWrite[]): TurnWrite[][] {
  const groups = new Map<string, TurnWrite[]>();
  for (const w of writes) {
    const g = groups.get(w.schema);
    if (g) g.push(w);
    else groups.set(w.schema, [w]);
  }
  return [...groups.values()];
}

/** Several tenants' turns inside the caller's transaction: one fenced statement per tenant. */
export async function writeTurns(
  tx: Queryable,
  owner: string,
  writes: readonly TurnWrite[],
): Promise<TurnsWritten> {
  const out: TurnsWritten = { stale: new Set(), delivered: [] };
  for (const group of groupBySchema(writes)) {
    const r = await writeTenantTurns(tx, owner, group);
    for (const shard of r.stale) out.stale.add(shard);
    out.delivered.push(...r.delivered);
  }
  return out;
}

/** Rows of `param` (with their turn's `fence_shard`) whose shard the fence let through, as x. */
const live = (columns: Columns, param: number, ordered = false) =>
  `(SELECT * FROM ${(ordered ? orderedRecordset : recordset)({ ...columns, fence_shard: 'int' }, param, 'y')}
    WHERE y.fence_shard IN (SELECT shard FROM live)) AS x`;

const MESSAGE_COLUMNS = {
  thread_key: 'text',
  kind: 'text',
  customer_id: 'bigint',
  shard: 'int',
  event_id: 'text',
  source: 'text',
  event: 'jsonb',
} as const;

const OUTBOX_COLUMNS = {
  thread_key: 'text',
  shard: 'int',
  kind: 'text',
  payload: 'jsonb',
  idempotency_key: 'text',
} as const;

/**
 * One group commit of one tenant as ONE statement: the fence (the batch's lease rows locked FOR
 * KEY SHARE until the end of the transaction, so no claim bumps an epoch before the commit), then
 * every row of the turns whose shard is still held at their epoch: inbox outcomes, journal,
 * snapshots, effects, timers, messages to other threads (their threads and inbox rows). Each
 * table's SQL comes from its store module. A short count (an inbox row no longer pending, an older
 * snapshot) fails the statement itself (public.ratiba_turn_rows_checked): nothing is written.
 */
const statementOf = (s: string) => `WITH held AS (${fenceSql(8, 10)}),
  live AS (SELECT h.shard FROM held h JOIN unnest($8::int[], $9::bigint[]) AS w(shard, epoch)
    ON w.shard = h.shard AND w.epoch = h.epoch),
  xo AS (SELECT * FROM ${live(OUTCOME_COLUMNS, 1)}),
  xs AS (SELECT * FROM ${live(SNAPSHOT_COLUMNS, 3)}),
  xm AS (SELECT * FROM ${live(MESSAGE_COLUMNS, 7, true)}),
  m AS (${markInboxSql(s, 'xo AS x')} RETURNING 1),
  j AS (${appendJournalSql(s, live(JOURNAL_COLUMNS, 2))}),
  a AS (${upsertSnapshotsSql(s, 'xs AS x')} RETURNING 1),
  o AS (${insertOutboxSql(s, `SELECT thread_key, shard, kind, payload, idempotency_key FROM ${live(OUTBOX_COLUMNS, 4, true)} ORDER BY n`)}),
  c AS (${cancelTimersSql(s, live(CANCEL_COLUMNS, 5))}),
  t AS (${setTimersSql(s, live(SET_COLUMNS, 6))}),
  th AS (${upsertThreadsSql(s, 'SELECT DISTINCT ON (thread_key) thread_key, kind, customer_id, shard, NULL::text FROM xm ORDER BY thread_key')}),
  d AS (${insertInboxSql(s, 'SELECT event_id, thread_key, shard, source, event FROM xm ORDER BY n')}
    RETURNING id, thread_key, shard, event_id)
SELECT public.ratiba_turn_rows_checked((SELECT count(*) FROM m), (SELECT count(*) FROM xo),
    (SELECT count(*) FROM a), (SELECT count(*) FROM xs)) AS checked,
  ARRAY(SELECT shard FROM live) AS live,
  (SELECT COALESCE(jsonb_agg(d ORDER BY d.id), '[]') FROM d) AS delivered`;

const statements = new Map<string, string>();

/**
 * Writes one tenant's turns (fenced, see `statementOf`) in one round trip: atomic alone, so it
 * needs no transaction around it; inside one it takes part in it. The query is sent before this
 * returns (nothing awaited first): the committer's crash point "inside the commit" relies on it.
 */
export async function writeTenantTurns(
  q: Queryable,
  owner: string,
  group: readonly TurnWrite[],
): Promise<TurnsWritten> {
  const { schema, tenant } = group[0]!;
  let text = statements.get(schema);
  if (!text) statements.set(schema, (text = statementOf(ident(schema))));
  const wanted = new Map(group.map((w) => [w.shard, w.epoch]));
  const pending = q.query<{ live: number[]; delivered: InboxCreated[] }>(text, [
    ...turnRows(group),
    [...wanted.keys()],
    [...wanted.values()],
    owner,
  ]);
  let rows;
  try {
    ({ rows } = await pending);
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'RB409') throw err;
    throw new RatibaError('stale_epoch', (err as Error).message, { retryable: true, cause: err });
  }
  const held = new Set(rows[0]!.live);
  return {
    stale: new Set([...wanted.keys()].filter((shard) => !held.has(shard))),
    delivered: rows[0]!.delivered.map((r) => ({
      tenant,
      threadKey: r.thread_key,
      shard: r.shard,
      inboxId: Number(r.id),
      eventId: r.event_id,
    })),
  };
}

interface InboxCreated {
  id: number;
  thread_key: string;
  shard: number;
  event_id: string;
}

/** Parameters $1-$7 of the statement: each row carries its turn's shard (`fence_shard`). */
function turnRows(group: readonly TurnWrite[]): string[] {
  const rows = <T extends object>(f: (w: TurnWrite) => T[]) =>
    jsonRows(group.flatMap((w) => f(w).map((r) => ({ ...r, fence_shard: w.shard }))));
  return [
    rows((w) => [{ id: w.inboxId, status: w.inboxStatus, error: w.inboxError ?? null }]),
    rows(journalRow),
    rows(snapshotRow),
    rows((w) =>
      w.outbox.map((o) => ({
        thread_key: w.threadKey,
        shard: w.shard,
        kind: o.kind,
        payload: o.payload,
        idempotency_key: o.idempotencyKey,
      })),
    ),
    rows((w) => w.timersCancel.map((key) => ({ thread_key: w.threadKey, timer_key: key }))),
    rows((w) =>
      w.timersSet.map((t) =>
        timerSetRow({
          threadKey: w.threadKey,
          timerKey: t.key,
          shard: w.shard,
          fireAtMs: t.fireAt,
          event: t.event,
        }),
      ),
    ),
    rows((w) =>
      w.messages.map((m) => ({
        thread_key: m.threadKey,
        kind: m.kind,
        customer_id: m.customerId,
        shard: m.shard,
        event_id: m.eventId,
        source: m.source,
        event: m.event,
      })),
    ),
  ];
}

const journalRow = (w: TurnWrite) =>
  w.journal
    ? [
        {
          thread_key: w.threadKey,
          seq: w.journal.seq,
          inbox_id: w.inboxId,
          event_type: w.journal.eventType,
          event: w.journal.event,
          state_before: w.journal.stateBefore,
          state_after: w.journal.stateAfter,
          effects: w.journal.effects,
          outcome: w.journal.outcome,
          epoch: w.epoch,
        },
      ]
    : [];

const snapshotRow = (w: TurnWrite) =>
  w.snapshot
    ? [
        {
          thread_key: w.threadKey,
          machine: w.snapshot.machine,
          schema_version: w.snapshot.version,
          snapshot: w.snapshot.snapshot,
          state_value: w.snapshot.stateValue,
          seq: w.snapshot.seq,
          epoch: w.epoch,
        },
      ]
    : [];
