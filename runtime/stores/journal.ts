/**
 * The `journal` and `actor_snapshots` tables, written by committed turns only: each turn's event,
 * states and effects appended to the thread's journal (the console's history and the audit
 * trail), and the actor's snapshot replaced (never by an older one). The only module that writes
 * them; `snapshots.ts` reads them back for rehydration.
 */
import { RatibaError, ident, type Queryable, type TenantSchema } from '../../contract';
import { columnList, jsonRows, recordset } from '../db/bulk';

export interface JournalRow {
  thread_key: string;
  seq: number;
  inbox_id: number;
  event_type: string;
  event: unknown;
  state_before: unknown;
  state_after: unknown;
  effects: unknown[];
  outcome: 'applied' | 'ignored';
  epoch: number;
}

export const JOURNAL_COLUMNS = {
  thread_key: 'text',
  seq: 'bigint',
  inbox_id: 'bigint',
  event_type: 'text',
  event: 'jsonb',
  state_before: 'jsonb',
  state_after: 'jsonb',
  effects: 'jsonb',
  outcome: 'text',
  epoch: 'bigint',
} as const;

export async function appendJournal(
  q: Queryable,
  schema: TenantSchema,
  rows: readonly JournalRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(appendJournalSql(ident(schema), recordset(JOURNAL_COLUMNS)), [jsonRows(rows)]);
}

/** `INSERT INTO <schema>.journal ...` from `from` (a relation of JOURNAL_COLUMNS); `s` quoted. */
export function appendJournalSql(s: string, from: string): string {
  const cols = columnList(JOURNAL_COLUMNS);
  return `INSERT INTO ${s}.journal (${cols}) SELECT ${cols} FROM ${from}`;
}

/**
 * `INSERT INTO <schema>.actor_snapshots ... ON CONFLICT DO UPDATE` from `from` (a relation of
 * SNAPSHOT_COLUMNS), writing only over an older `seq`: a row it skips means a stale writer.
 */
export function upsertSnapshotsSql(s: string, from: string): string {
  const cols = columnList(SNAPSHOT_COLUMNS);
  return `INSERT INTO ${s}.actor_snapshots AS a (${cols})
     SELECT ${cols} FROM ${from}
     ON CONFLICT (thread_key) DO UPDATE SET machine = EXCLUDED.machine,
       schema_version = EXCLUDED.schema_version, snapshot = EXCLUDED.snapshot,
       state_value = EXCLUDED.state_value, seq = EXCLUDED.seq, epoch = EXCLUDED.epoch, updated_at = now()
     WHERE a.seq < EXCLUDED.seq`;
}

export interface SnapshotRow {
  thread_key: string;
  machine: string;
  schema_version: number;
  snapshot: unknown;
  state_value: unknown;
  seq: number;
  epoch: number;
}

export const SNAPSHOT_COLUMNS = {
  thread_key: 'text',
  machine: 'text',
  schema_version: 'int',
  snapshot: 'jsonb',
  state_value: 'jsonb',
  seq: 'bigint',
  epoch: 'bigint',
} as const;

/**
 * Replaces the threads' snapshots. A snapshot older than the stored one (lower `seq`) means
 * another writer got there first: the whole batch is refused.
 */
export async function upsertSnapshots(
  q: Queryable,
  schema: TenantSchema,
  rows: readonly SnapshotRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const r = await q.query(upsertSnapshotsSql(ident(schema), recordset(SNAPSHOT_COLUMNS)), [
    jsonRows(rows),
  ]);
  checkSnapshotsWritten(r.rowCount ?? 0, rows.length);
}

/** Refuses a batch in which a snapshot was not written (the stored one is newer). */
export function checkSnapshotsWritten(written: number, expected: number): void {
  if (written !== expected) {
    throw new RatibaError('stale_epoch', 'a snapshot of this batch is older than the stored one', {
      retryable: true,
    });
  }
}
