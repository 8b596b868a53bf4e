import { ident, type Queryable, type TenantSchema } from '../../contract';
import { jsonRows, orderedRecordset, recordset } from '../db/bulk';
import { checkInboxMarked, insertInboxEvents, markInboxSql, OUTCOME_COLUMNS } from './inbox';
import {
  appendJournalSql,
  checkSnapshotsWritten,
  JOURNAL_COLUMNS,
  SNAPSHOT_COLUMNS,
  upsertSnapshotsSql,
} from './journal';
import { insertOutboxSql } from './outbox';
import { touchThreads } from './threads';
import { cancelTimers, setTimers } from './timers';

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

function groupBySchema(writes: readonly TurnWrite[]): TurnWrite[][] {
  const groups = new Map<string, TurnWrite[]>();
  for (const w of writes) {
    const g = groups.get(w.schema);
    if (g) g.push(w);
    else groups.set(w.schema, [w]);
  }
  return [...groups.values()];
}

/**
 * Writes a batch of turns inside the caller's (fenced) transaction: per tenant, one statement per
 * table, however many turns. Returns the inbox rows created for other threads (to wake them).
 */
export async function writeTurns(
  tx: Queryable,
  writes: readonly TurnWrite[],
): Promise<DeliveredMessage[]> {
  const delivered: DeliveredMessage[] = [];
  for (const group of groupBySchema(writes)) {
    const { schema, tenant } = group[0]!;
    await writeTurnRows(tx, schema, group);
    await cancelTimers(
      tx,
      schema,
      group.flatMap((w) =>
        w.timersCancel.map((timerKey) => ({ threadKey: w.threadKey, timerKey })),
      ),
    );
    await setTimers(
      tx,
      schema,
      group.flatMap((w) =>
        w.timersSet.map((t) => ({
          threadKey: w.threadKey,
          timerKey: t.key,
          shard: w.shard,
          fireAtMs: t.fireAt,
          event: t.event,
        })),
      ),
    );
    const messages = group.flatMap((w) => w.messages);
    await touchThreads(tx, schema, messages);
    for (const r of await insertInboxEvents(tx, schema, messages)) {
      delivered.push({
        tenant,
        threadKey: r.thread_key,
        shard: r.shard,
        inboxId: r.id,
        eventId: r.event_id,
      });
    }
  }
  return delivered;
}

/** A turn's effects, due now, in the order given (parameter $4). */
const TURN_EFFECTS = `SELECT thread_key, shard, kind, payload, idempotency_key
  FROM ${orderedRecordset(
    { thread_key: 'text', shard: 'int', kind: 'text', payload: 'jsonb', idempotency_key: 'text' },
    4,
  )} ORDER BY n`;

/**
 * The rows every turn writes, in one statement (one round trip, whatever the batch): inbox
 * outcomes, journal, snapshots, effects. Each table's SQL comes from its store module; the
 * statement's data-modifying parts see one snapshot and commit with the caller's transaction.
 * A short count of marked inbox rows or written snapshots refuses the batch (stale writer).
 */
async function writeTurnRows(
  tx: Queryable,
  schema: TenantSchema,
  group: readonly TurnWrite[],
): Promise<void> {
  const s = ident(schema);
  const snapshots = group.flatMap(snapshotRow);
  const { rows } = await tx.query<{ marked: number; written: number }>(
    `WITH m AS (${markInboxSql(s, recordset(OUTCOME_COLUMNS, 1))} RETURNING 1),
       j AS (${appendJournalSql(s, recordset(JOURNAL_COLUMNS, 2))} RETURNING 1),
       a AS (${upsertSnapshotsSql(s, recordset(SNAPSHOT_COLUMNS, 3))} RETURNING 1),
       o AS (${insertOutboxSql(s, TURN_EFFECTS)} RETURNING 1)
     SELECT (SELECT count(*) FROM m)::int AS marked, (SELECT count(*) FROM a)::int AS written`,
    [
      jsonRows(
        group.map((w) => ({ id: w.inboxId, status: w.inboxStatus, error: w.inboxError ?? null })),
      ),
      jsonRows(group.flatMap(journalRow)),
      jsonRows(snapshots),
      jsonRows(
        group.flatMap((w) =>
          w.outbox.map((o) => ({
            thread_key: w.threadKey,
            shard: w.shard,
            kind: o.kind,
            payload: o.payload,
            idempotency_key: o.idempotencyKey,
          })),
        ),
      ),
    ],
  );
  checkInboxMarked(rows[0]!.marked, group.length);
  checkSnapshotsWritten(rows[0]!.written, snapshots.length);
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
