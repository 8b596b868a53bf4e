import type pg from 'pg';
import { fenceShards } from '../stores/shard-leases';
import { Batcher } from '../db/batcher';
import type { Database } from '../db/database';
import { ident } from '../../contract/schema-name';
import { RatibaError } from '../../contract/errors';
import type { Faults } from '../faults';
import type { Metrics } from '../metrics';
import type { DeliveredMessage, TurnWrite } from '../stores/turn-write';

export interface TurnCommitterOptions {
  nodeId: string;
  /** Most turns committed in one transaction. */
  maxBatch: number;
  /** Group-commit transactions in flight at once (1 for the single-connection embedded db). */
  concurrency: number;
}

export const DEFAULT_TURN_COMMITTER_OPTIONS: Omit<TurnCommitterOptions, 'nodeId'> = {
  maxBatch: 256,
  concurrency: 2,
};

export type CommitOutcome = { status: 'committed' } | { status: 'stale'; shard: number };

export interface CommitListener {
  /** After each committed batch: new inbox rows to wake, tenants with new outbox rows and timers. */
  (info: {
    delivered: DeliveredMessage[];
    outboxTenants: Set<string>;
    earliestTimer: number | null;
  }): void;
}

/**
 * Group commit. Turns of many threads queue here while a transaction is in flight and are
 * committed together by the next one: each turn is all-or-nothing (its rows are written in the
 * same transaction, and a turn on a stale shard writes nothing), and the caller's promise
 * resolves only after COMMIT — so a reply is never released before its turn is durable.
 */
export class TurnCommitter {
  private readonly batcher: Batcher<TurnWrite, CommitOutcome, 'all'>;
  private readonly opts: TurnCommitterOptions;

  constructor(
    private readonly db: Database,
    options: Partial<TurnCommitterOptions> & { nodeId: string },
    private readonly metrics: Metrics,
    private readonly faults: Faults,
    private readonly onCommit: CommitListener,
  ) {
    this.opts = { ...DEFAULT_TURN_COMMITTER_OPTIONS, ...options };
    // One transaction for the whole batch, whatever the tenants: one key.
    this.batcher = new Batcher(
      () => 'all',
      (_, writes) => this.commit(writes),
      this.opts,
    );
  }

  submit(write: TurnWrite): Promise<CommitOutcome> {
    return this.batcher.submit(write);
  }

  /** Commits the batch (all or nothing); the outcomes are released after COMMIT, in order. */
  private async commit(batch: readonly TurnWrite[]): Promise<CommitOutcome[]> {
    this.faults.hit('turn.before_commit');
    const result = await this.db.transaction(async (tx) => {
      const stale = await this.fence(tx, batch);
      const live = batch.filter((w) => !stale.has(w.shard));
      const delivered = await writeTurns(tx, live);
      this.faults.hit('turn.inside_commit');
      return { stale, delivered };
    });
    this.faults.hit('turn.after_commit');
    this.metrics.commitBatchSize.observe(batch.length);
    const outboxTenants = new Set<string>();
    let earliestTimer: number | null = null;
    const outcomes = batch.map((w): CommitOutcome => {
      if (result.stale.has(w.shard)) return { status: 'stale', shard: w.shard };
      if (w.outbox.length > 0) outboxTenants.add(w.tenant);
      for (const t of w.timersSet) earliestTimer = Math.min(earliestTimer ?? t.fireAt, t.fireAt);
      return { status: 'committed' };
    });
    // Callers continue only after this (their promises settle on later microtasks), as before.
    this.onCommit({ delivered: result.delivered, outboxTenants, earliestTimer });
    return outcomes;
  }

  /** Locks the batch's lease rows until the commit (see `fenceShards`) and finds stale shards. */
  private async fence(
    tx: pg.PoolClient,
    batch: readonly TurnWrite[],
  ): Promise<Map<number, number>> {
    const wanted = new Map<number, number>();
    for (const w of batch) wanted.set(w.shard, w.epoch);
    const held = await fenceShards(tx, this.opts.nodeId, [...wanted.keys()]);
    const stale = new Map<number, number>();
    for (const [shard, epoch] of wanted) {
      if (held.get(shard) !== epoch) stale.set(shard, held.get(shard) ?? -1);
    }
    return stale;
  }
}

function groupBySchema(writes: TurnWrite[]): Map<string, TurnWrite[]> {
  const groups = new Map<string, TurnWrite[]>();
  for (const w of writes) {
    const g = groups.get(w.schema);
    if (g) g.push(w);
    else groups.set(w.schema, [w]);
  }
  return groups;
}

const json = (v: unknown) => JSON.stringify(v);

/** The batch's statements: a handful per tenant, however many turns. */
async function writeTurns(tx: pg.PoolClient, writes: TurnWrite[]): Promise<DeliveredMessage[]> {
  const delivered: DeliveredMessage[] = [];
  for (const [, group] of groupBySchema(writes)) {
    const first = group[0]!;
    const s = ident(first.schema);
    const inbox = await tx.query(
      `UPDATE ${s}.inbox i SET status = x.status, processed_at = now(), error = x.error
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, error text)
       WHERE i.id = x.id AND i.status = 'pending'`,
      [
        json(
          group.map((w) => ({ id: w.inboxId, status: w.inboxStatus, error: w.inboxError ?? null })),
        ),
      ],
    );
    if (inbox.rowCount !== group.length) {
      // Only a second writer could have processed these rows: refuse the whole batch.
      throw new RatibaError('stale_epoch', 'an inbox row of this batch was already processed', {
        retryable: true,
      });
    }
    const journaled = group.filter((w) => w.journal);
    if (journaled.length > 0) {
      await tx.query(
        `INSERT INTO ${s}.journal (thread_key, seq, inbox_id, event_type, event, state_before, state_after, effects, outcome, epoch)
         SELECT thread_key, seq, inbox_id, event_type, event, state_before, state_after, effects, outcome, epoch
         FROM jsonb_to_recordset($1::jsonb) AS x(thread_key text, seq bigint, inbox_id bigint, event_type text,
           event jsonb, state_before jsonb, state_after jsonb, effects jsonb, outcome text, epoch bigint)`,
        [
          json(
            journaled.map((w) => ({
              thread_key: w.threadKey,
              seq: w.journal!.seq,
              inbox_id: w.inboxId,
              event_type: w.journal!.eventType,
              event: w.journal!.event,
              state_before: w.journal!.stateBefore,
              state_after: w.journal!.stateAfter,
              effects: w.journal!.effects,
              outcome: w.journal!.outcome,
              epoch: w.epoch,
            })),
          ),
        ],
      );
    }
    const snapshots = group.filter((w) => w.snapshot);
    if (snapshots.length > 0) {
      const r = await tx.query(
        `INSERT INTO ${s}.actor_snapshots AS a (thread_key, machine, schema_version, snapshot, state_value, seq, epoch)
         SELECT thread_key, machine, schema_version, snapshot, state_value, seq, epoch
         FROM jsonb_to_recordset($1::jsonb) AS x(thread_key text, machine text, schema_version int,
           snapshot jsonb, state_value jsonb, seq bigint, epoch bigint)
         ON CONFLICT (thread_key) DO UPDATE SET machine = EXCLUDED.machine,
           schema_version = EXCLUDED.schema_version, snapshot = EXCLUDED.snapshot,
           state_value = EXCLUDED.state_value, seq = EXCLUDED.seq, epoch = EXCLUDED.epoch, updated_at = now()
         WHERE a.seq < EXCLUDED.seq`,
        [
          json(
            snapshots.map((w) => ({
              thread_key: w.threadKey,
              machine: w.snapshot!.machine,
              schema_version: w.snapshot!.version,
              snapshot: w.snapshot!.snapshot,
              state_value: w.snapshot!.stateValue,
              seq: w.snapshot!.seq,
              epoch: w.epoch,
            })),
          ),
        ],
      );
      if (r.rowCount !== snapshots.length) {
        throw new RatibaError(
          'stale_epoch',
          'a snapshot of this batch is older than the stored one',
          { retryable: true },
        );
      }
    }
    const outbox = group.flatMap((w) =>
      w.outbox.map((o) => ({
        thread_key: w.threadKey,
        shard: w.shard,
        kind: o.kind,
        payload: o.payload,
        idempotency_key: o.idempotencyKey,
      })),
    );
    if (outbox.length > 0) {
      await tx.query(
        `INSERT INTO ${s}.outbox (thread_key, shard, kind, payload, idempotency_key)
         SELECT thread_key, shard, kind, payload, idempotency_key
         FROM jsonb_to_recordset($1::jsonb) AS x(thread_key text, shard int, kind text, payload jsonb, idempotency_key text)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [json(outbox)],
      );
    }
    const cancels = group.flatMap((w) =>
      w.timersCancel.map((k) => ({ thread_key: w.threadKey, timer_key: k })),
    );
    if (cancels.length > 0) {
      await tx.query(
        `DELETE FROM ${s}.timers t USING jsonb_to_recordset($1::jsonb) AS x(thread_key text, timer_key text)
         WHERE t.thread_key = x.thread_key AND t.timer_key = x.timer_key`,
        [json(cancels)],
      );
    }
    const timers = group.flatMap((w) =>
      w.timersSet.map((t) => ({
        thread_key: w.threadKey,
        timer_key: t.key,
        shard: w.shard,
        fire_at_ms: t.fireAt,
        event: t.event,
      })),
    );
    if (timers.length > 0) {
      await tx.query(
        `INSERT INTO ${s}.timers (thread_key, timer_key, shard, fire_at, event)
         SELECT thread_key, timer_key, shard, to_timestamp(fire_at_ms / 1000.0), event
         FROM jsonb_to_recordset($1::jsonb) AS x(thread_key text, timer_key text, shard int, fire_at_ms bigint, event jsonb)
         ON CONFLICT (thread_key, timer_key) DO UPDATE SET fire_at = EXCLUDED.fire_at, event = EXCLUDED.event,
           shard = EXCLUDED.shard, created_at = now()`,
        [json(timers)],
      );
    }
    const messages = group.flatMap((w) => w.messages);
    if (messages.length > 0) {
      const rows = messages.map((m) => ({
        thread_key: m.threadKey,
        kind: m.kind,
        customer_id: m.customerId,
        shard: m.shard,
        event_id: m.eventId,
        source: m.source,
        event: m.event,
      }));
      await tx.query(
        `INSERT INTO ${s}.threads (thread_key, kind, customer_id, shard)
         SELECT DISTINCT thread_key, kind, customer_id, shard
         FROM jsonb_to_recordset($1::jsonb) AS x(thread_key text, kind text, customer_id bigint, shard int)
         ON CONFLICT (thread_key) DO UPDATE SET last_event_at = now()`,
        [json(rows)],
      );
      const ins = await tx.query<{
        id: number;
        thread_key: string;
        shard: number;
        event_id: string;
      }>(
        `INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
         SELECT event_id, thread_key, shard, source, event
         FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, thread_key text, shard int, source text, event jsonb)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING id, thread_key, shard, event_id`,
        [json(rows)],
      );
      for (const r of ins.rows) {
        delivered.push({
          tenant: first.tenant,
          threadKey: r.thread_key,
          shard: r.shard,
          inboxId: r.id,
          eventId: r.event_id,
        });
      }
    }
  }
  return delivered;
}
