import { Batcher } from '../db/batcher';
import type { Database } from '../db/database';
import type { Faults } from '../faults';
import type { Metrics } from '../metrics';
import type { EngineSignals } from '../signal';
import {
  groupBySchema,
  writeTenantTurns,
  writeTurns,
  type TurnsWritten,
  type TurnWrite,
} from '../stores/turn-write';

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

export interface TurnCommitterDeps {
  db: Database;
  metrics: Metrics;
  faults: Faults;
  /** Told after each committed batch (wake-ups of the dispatcher, timers and woken threads). */
  signals: Pick<EngineSignals, 'committed'>;
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

  private readonly db: Database;
  private readonly metrics: Metrics;
  private readonly faults: Faults;

  constructor(
    private readonly deps: TurnCommitterDeps,
    options: Partial<TurnCommitterOptions> & { nodeId: string },
  ) {
    ({ db: this.db, metrics: this.metrics, faults: this.faults } = deps);
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
    const result =
      groupBySchema(batch).length === 1
        ? await this.commitStatement(batch)
        : await this.db.transaction(async (tx) => {
            const written = await writeTurns(tx, this.opts.nodeId, batch);
            this.faults.hit('turn.inside_commit');
            return written;
          });
    this.faults.hit('turn.after_commit');
    this.metrics.commitBatchSize.observe(batch.length);
    const outboxThreads = new Map<string, string[]>();
    let earliestTimer: number | null = null;
    const outcomes = batch.map((w): CommitOutcome => {
      if (result.stale.has(w.shard)) return { status: 'stale', shard: w.shard };
      if (w.outbox.length > 0) {
        const threads = outboxThreads.get(w.tenant);
        if (threads) threads.push(w.threadKey);
        else outboxThreads.set(w.tenant, [w.threadKey]);
      }
      for (const t of w.timersSet) earliestTimer = Math.min(earliestTimer ?? t.fireAt, t.fireAt);
      return { status: 'committed' };
    });
    // Callers continue only after this (their promises settle on later microtasks), as before.
    this.deps.signals.committed.emit({ delivered: result.delivered, outboxThreads, earliestTimer });
    return outcomes;
  }

  /**
   * One tenant's batch: one statement, fence included, committed on its own (no BEGIN/COMMIT:
   * one round trip). `turn.inside_commit` is reached with the statement sent and its answer not
   * yet read: a crash there leaves it committed or not, never half.
   */
  private async commitStatement(batch: readonly TurnWrite[]): Promise<TurnsWritten> {
    const client = await this.db.pool.connect();
    try {
      const pending = writeTenantTurns(client, this.opts.nodeId, batch);
      this.faults.hit('turn.inside_commit');
      const written = await pending;
      client.release();
      return written;
    } catch (err) {
      // As pg's pool.query does: a client that failed a query is not reused.
      client.release(err instanceof Error ? err : true);
      throw err;
    }
  }
}
