import type { Queryable, TenantSchema } from '../../contract';
import { insertInboxEvents, markInboxOutcomes } from './inbox';
import { appendJournal, upsertSnapshots } from './journal';
import { enqueueEffects } from './outbox';
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
    await markInboxOutcomes(
      tx,
      schema,
      group.map((w) => ({ id: w.inboxId, status: w.inboxStatus, error: w.inboxError ?? null })),
    );
    await appendJournal(tx, schema, group.flatMap(journalRow));
    await upsertSnapshots(tx, schema, group.flatMap(snapshotRow));
    await enqueueEffects(
      tx,
      schema,
      group.flatMap((w) => w.outbox.map((o) => ({ ...o, threadKey: w.threadKey, shard: w.shard }))),
    );
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
