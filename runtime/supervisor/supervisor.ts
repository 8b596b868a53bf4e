import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { threadLookup } from '../db/batcher';
import { tenantSchema, type TenantSchema } from '../../contract';
import { pendingForThreads, threadsWithPending, type InboxRow } from '../stores/inbox';
import { ThreadCell } from './thread-cell';
import { TurnPipeline, type TurnPipelineDeps, type WakeTarget } from './turn-pipeline';

export type { EventEnricher, TurnInfo, WakeTarget } from './turn-pipeline';

export interface SupervisorOptions {
  shardCount: number;
  idlePassivateMs: number;
  sweepIntervalMs: number;
  /**
   * Turns in progress at once, over all threads (default 64). A burst wakes hundreds of threads;
   * running all their turns at once floods the event loop, and every webhook acknowledgement waits
   * behind that queue. Bounded, turns keep the same throughput (the work is CPU-bound) and an
   * acknowledgement waits behind at most this many.
   */
  maxConcurrentTurns?: number;
}

export type SupervisorDeps = TurnPipelineDeps;

/** Most pending rows read for a thread before a turn (`pendingForThreads`' limit). */
const PENDING_READ_LIMIT = 100;

/**
 * Hosts one XState actor per thread of the shards this process owns. Each thread runs its
 * turns one after another, in inbox order; threads run concurrently and their commits are
 * grouped by the committer. Memory never runs ahead of the database: a turn whose commit fails
 * throws its actor away, and the next turn rehydrates it from the last committed snapshot.
 */
export class Supervisor {
  private readonly cells = new Map<string, ThreadCell>();
  private stopping = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly turnSlots: LimitFunction;
  /** The pending inbox rows and the snapshot of threads woken together, read in groups. */
  private readonly pending: (schema: TenantSchema, threadKey: string) => Promise<InboxRow[]>;
  private readonly pipeline: TurnPipeline;

  constructor(
    private readonly deps: SupervisorDeps,
    private readonly opts: SupervisorOptions,
  ) {
    this.turnSlots = pLimit(opts.maxConcurrentTurns ?? 64);
    this.pending = threadLookup(
      async (schema, keys) => {
        const rows = await pendingForThreads(deps.db, schema, keys, PENDING_READ_LIMIT);
        return keys.map((k) => rows.get(k)!);
      },
      { maxBatch: 256, concurrency: 2 },
    );
    this.pipeline = new TurnPipeline(deps, { shardCount: opts.shardCount });
    deps.ownership.onChange(({ gained, lost }) => {
      for (const shard of lost) this.dropShard(shard);
      if (gained.length > 0) void this.sweep();
    });
  }

  start(): void {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.sweepIntervalMs, () => void this.sweep());
    every(Math.max(50, Math.min(this.opts.idlePassivateMs / 2, 10_000)), () => this.passivate());
  }

  /** Residents, for metrics and tests. */
  get residentActors(): number {
    let n = 0;
    for (const c of this.cells.values()) if (c.actor) n++;
    return n;
  }

  wake(target: WakeTarget): void {
    if (this.stopping || this.deps.ownership.epochOf(target.shard) === undefined) return;
    const key = `${target.tenant}/${target.threadKey}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = new ThreadCell(target.tenant, target.threadKey, target.shard);
      this.cells.set(key, cell);
    }
    if (target.row) cell.enqueue(target.row);
    // Always read the thread's pending rows before the next turn: an older event may be in the
    // inbox that this process has not been told about (written by another process whose wake-up
    // is still in flight, or before a restart or a claim). Regression: taking the hinted row
    // first applied a later message before an earlier acknowledged one (cluster kill -9 test).
    cell.needsFetch = true;
    if (!cell.running) void this.drain(cell);
  }

  /** Finds pending inbox rows of owned shards (after a claim, a restart or a lost wake-up). */
  async sweep(): Promise<void> {
    const shards = this.deps.ownership.owned();
    if (this.stopping || shards.length === 0) return;
    try {
      for (const slug of await this.deps.tenants.list()) {
        const rows = await threadsWithPending(this.deps.db, tenantSchema(slug), shards);
        for (const r of rows) this.wake({ tenant: slug, threadKey: r.threadKey, shard: r.shard });
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'inbox sweep failed');
    }
  }

  /** Stops intake and waits for the turns in flight (graceful shutdown). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    const deadline = Date.now() + timeoutMs;
    while ([...this.cells.values()].some((c) => c.running) && Date.now() < deadline)
      await sleep(10);
    for (const c of this.cells.values()) c.discard();
    this.cells.clear();
    this.deps.metrics.residentActors.set(0);
  }

  private async drain(cell: ThreadCell): Promise<void> {
    cell.running = true;
    let backoffMs = 50;
    try {
      while (!this.stopping && this.cells.get(cell.key) === cell) {
        if (cell.needsFetch) {
          cell.needsFetch = false;
          const asked = new Set(cell.queue.map((r) => r.id));
          const rows = await this.pending(tenantSchema(cell.tenant), cell.threadKey);
          // Regression: a queued row processed elsewhere (by the owner of the shard while this
          // process was paused) stayed at the head and was retried forever, every commit of it
          // refused ("already processed") along with the other turns of its batch.
          const dropped = cell.sync(rows, PENDING_READ_LIMIT, asked);
          if (dropped > 0) {
            this.deps.log.warn(
              { thread: cell.threadKey, rows: dropped },
              'queued events no longer pending; dropped',
            );
            cell.discard(); // its state may be behind the journal: rehydrate
          }
        }
        const row = cell.queue[0];
        if (!row) break;
        const result = await this.turnSlots(() => this.pipeline.run(cell, row));
        if (result === 'retry') {
          await sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 5000);
          cell.needsFetch = true;
          continue;
        }
        backoffMs = 50;
        cell.dequeue(row.id);
        if (result === 'lost') break;
      }
    } catch (err) {
      this.deps.log.error({ err, thread: cell.threadKey }, 'thread drain failed');
      cell.discard();
      cell.needsFetch = true;
    } finally {
      cell.running = false;
      cell.lastActiveAt = Date.now();
      this.deps.metrics.residentActors.set(this.residentActors);
    }
  }

  private passivate(): void {
    const cutoff = Date.now() - this.opts.idlePassivateMs;
    let n = 0;
    for (const [key, cell] of this.cells) {
      if (
        !cell.running &&
        cell.queue.length === 0 &&
        !cell.needsFetch &&
        cell.lastActiveAt < cutoff
      ) {
        if (cell.actor) n++;
        cell.discard();
        this.cells.delete(key);
      }
    }
    if (n > 0) this.deps.metrics.passivations.inc(n);
    this.deps.metrics.residentActors.set(this.residentActors);
  }

  private dropShard(shard: number): void {
    for (const [key, cell] of this.cells) {
      if (cell.shard === shard) {
        cell.discard();
        this.cells.delete(key);
      }
    }
  }
}
