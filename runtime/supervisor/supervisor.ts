import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { threadLookup } from '../db/batcher';
import { tenantSchema, type TenantSchema } from '../../contract/schema-name';
import { RatibaError } from '../../contract/errors';
import type { Logger } from '../logger';
import {
  deadLetterInbox,
  pendingForThreads,
  threadsWithPending,
  type InboxRow,
} from '../stores/inbox';
import type { ReplyWaiters } from '../mailbox/reply-waiters';
import type { Metrics } from '../metrics';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';
import type { AdminThreads } from './admin-threads';
import type { MachineRegistry } from './machine-registry';
import { ThreadActor } from './thread-actor';
import { loadThreadStates, type ThreadState } from '../stores/snapshots';
import { buildTurn } from './turn-builder';
import type { TurnCommitter } from './turn-committer';
import { ThreadCell } from './thread-cell';

/** Attaches what the machine needs to an inbound event before the turn (understanding). */
export type EventEnricher = (ctx: {
  tenant: Tenant;
  threadKey: string;
  event: InboxRow['event'];
}) => Promise<InboxRow['event']>;

/** Published after every committed turn (the console's live feed). */
export interface TurnInfo {
  tenant: string;
  threadKey: string;
  shard: number;
  seq: number;
  eventType: string;
  outcome: string;
  stateValue: unknown;
  machine: string;
  at: number;
}

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

export interface SupervisorDeps {
  db: Database;
  tenants: TenantRegistry;
  machines: MachineRegistry;
  committer: TurnCommitter;
  ownership: ShardOwnership;
  replies: ReplyWaiters;
  admins: AdminThreads;
  metrics: Metrics;
  log: Logger;
  enrich?: EventEnricher;
  onTurn?: (info: TurnInfo) => void;
}

export interface WakeTarget {
  tenant: string;
  threadKey: string;
  shard: number;
  /** The row itself when the waker just wrote it (saves a read); otherwise fetched. */
  row?: InboxRow;
}

const CLOSES_CALL = new Set(['call.result', 'effect.failed']);
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
  private readonly states: (
    schema: TenantSchema,
    threadKey: string,
  ) => Promise<ThreadState | undefined>;

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
    this.states = threadLookup((schema, keys) => loadThreadStates(deps.db, schema, keys), {
      maxBatch: 128,
      concurrency: 2,
    });
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
        const result = await this.turnSlots(() => this.turn(cell, row));
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

  private async turn(cell: ThreadCell, row: InboxRow): Promise<'done' | 'retry' | 'lost'> {
    const { deps } = this;
    const started = performance.now();
    const epoch = deps.ownership.epochOf(cell.shard);
    if (epoch === undefined) return 'lost';
    const tenant = await deps.tenants.get(cell.tenant);
    const rootEventId =
      typeof row.event.rootEventId === 'string' ? row.event.rootEventId : row.eventId;
    if (!tenant) {
      deps.log.error({ tenant: cell.tenant }, 'event for an unknown tenant');
      return 'done';
    }
    if (!cell.actor) {
      try {
        await this.hydrate(cell, tenant);
      } catch (err) {
        if (err instanceof RatibaError && err.code === 'snapshot_version_unknown') {
          deps.log.error(
            { err, tenant: cell.tenant, thread: cell.threadKey },
            'snapshot cannot be restored; event dead-lettered',
          );
          deps.metrics.errors.inc({ code: err.code });
          await deadLetterInbox(deps.db, tenant.schema, row.id, `${err.code}: ${err.message}`);
          deps.replies.failed(rootEventId, err.code);
          return 'done';
        }
        deps.log.warn({ err, thread: cell.threadKey }, 'rehydration failed; will retry');
        return 'retry';
      }
    }
    const actor = cell.actor!;
    let event = row.event;
    if (deps.enrich && event.type === 'message') {
      event = await deps
        .enrich({ tenant, threadKey: cell.threadKey, event })
        .catch((err: unknown) => {
          deps.log.warn({ err }, 'event enrichment failed; the machine gets the bare event');
          return row.event;
        });
    }
    if (typeof event.channel === 'string') cell.channel = event.channel;
    const outcome = actor.run(event);
    const built = buildTurn(
      {
        tenant: cell.tenant,
        schema: tenant.schema,
        shard: cell.shard,
        epoch,
        threadKey: cell.threadKey,
        inboxId: row.id,
        eventId: row.eventId,
        rootEventId,
        seq: actor.seq + 1,
        machine: actor.def.name,
        version: actor.def.version,
        channel: cell.channel,
        shardCount: this.opts.shardCount,
        adminThreads: outcome.effects.some((e) => e.type === 'thread.send')
          ? await deps.admins.threadsOf(tenant)
          : [],
      },
      event,
      outcome,
    );
    if (outcome.kind === 'machine_error') {
      deps.log.error(
        { tenant: cell.tenant, thread: cell.threadKey, event: event.type, error: outcome.error },
        'machine error; event dead-lettered',
      );
      deps.metrics.errors.inc({ code: 'machine_error' });
      cell.discard();
    }
    let commit;
    try {
      commit = await deps.committer.submit(built.write);
    } catch (err) {
      deps.log.warn({ err, thread: cell.threadKey }, 'turn commit failed; actor discarded');
      deps.metrics.turns.inc({ outcome: 'commit_failed' });
      cell.discard();
      return 'retry';
    }
    if (commit.status === 'stale') {
      deps.metrics.turns.inc({ outcome: 'stale_epoch' });
      deps.log.warn({ shard: cell.shard, thread: cell.threadKey }, 'commit refused: stale epoch');
      cell.discard();
      deps.ownership.lost(cell.shard);
      return 'lost';
    }
    const now = Date.now();
    deps.metrics.turns.inc({
      outcome:
        outcome.kind === 'machine_error'
          ? 'machine_error'
          : outcome.kind === 'ignored'
            ? 'rejected_event'
            : 'committed',
    });
    deps.metrics.turnLatency.observe((performance.now() - started) / 1000);
    deps.metrics.inboxLag.observe(Math.max(0, now - row.receivedAt) / 1000);
    if (outcome.kind === 'machine_error') {
      deps.replies.failed(rootEventId, 'machine_error');
      return 'done';
    }
    actor.seq += 1;
    deps.replies.committed(
      rootEventId,
      built.replies,
      built.callsOpened,
      CLOSES_CALL.has(event.type),
    );
    deps.onTurn?.({
      tenant: cell.tenant,
      threadKey: cell.threadKey,
      shard: cell.shard,
      seq: actor.seq,
      eventType: event.type,
      outcome: outcome.kind,
      stateValue: outcome.stateAfter,
      machine: actor.def.name,
      at: now,
    });
    return 'done';
  }

  private async hydrate(cell: ThreadCell, tenant: Tenant): Promise<void> {
    const { deps } = this;
    const r = await this.states(tenant.schema, cell.threadKey);
    const kind = r?.kind ?? (cell.threadKey.startsWith('a:') ? 'admin' : 'customer');
    const input = {
      tenant: tenant.slug,
      threadKey: cell.threadKey,
      kind,
      customerId: r?.customerId ?? null,
      timezone: tenant.timezone,
      settings: tenant.settings,
    };
    cell.channel = r?.lastChannel ?? cell.channel;
    if (!r?.machine) {
      const machineName =
        typeof tenant.settings.machine === 'string' ? tenant.settings.machine : undefined;
      cell.actor = ThreadActor.create(deps.machines.forNewThread(kind, machineName), input);
      return;
    }
    if (!deps.machines.has(r.machine)) {
      throw new RatibaError(
        'snapshot_version_unknown',
        `no machine named ${r.machine} in this build`,
      );
    }
    const def = deps.machines.get(r.machine);
    const persisted = deps.machines.upgrade(def, r.schemaVersion ?? 0, r.snapshot);
    try {
      cell.actor = ThreadActor.restore(def, input, persisted, r.seq ?? 0);
    } catch (err) {
      throw new RatibaError(
        'snapshot_version_unknown',
        `snapshot of ${def.name} cannot be restored`,
        { cause: err },
      );
    }
    deps.metrics.rehydrations.inc();
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
