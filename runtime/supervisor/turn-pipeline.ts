import { RatibaError, type TurnInfo } from '../../contract';
import type { ShardOwnership } from '../cluster/shard-ownership';
import { threadLookup } from '../db/batcher';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { ReplyWaiters } from '../mailbox/reply-waiters';
import type { Metrics } from '../metrics';
import { deadLetterInbox, type InboxRow } from '../stores/inbox';
import { loadThreadStates, type ThreadState } from '../stores/snapshots';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';
import type { AdminThreads } from './admin-threads';
import type { MachineRegistry } from './machine-registry';
import { ThreadActor, type TurnOutcome } from './thread-actor';
import type { ThreadCell } from './thread-cell';
import { buildTurn } from './turn-builder';
import type { TurnCommitter } from './turn-committer';
import type { TurnWrite } from '../stores/turn-write';
import type { TenantSchema } from '../../contract';

export type { TurnInfo };

/** Attaches what the machine needs to an inbound event before the turn (understanding). */
export type EventEnricher = (ctx: {
  tenant: Tenant;
  threadKey: string;
  event: InboxRow['event'];
}) => Promise<InboxRow['event']>;

export interface WakeTarget {
  tenant: string;
  threadKey: string;
  shard: number;
  /** The row itself when the waker just wrote it (saves a read); otherwise fetched. */
  row?: InboxRow;
}

export interface TurnPipelineDeps {
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

/** done: the row is finished; retry: try it again later; lost: the shard is no longer ours. */
export type TurnResult = 'done' | 'retry' | 'lost';

const CLOSES_CALL = new Set(['call.result', 'effect.failed']);

interface AppliedTurn {
  event: InboxRow['event'];
  outcome: TurnOutcome;
  built: ReturnType<typeof buildTurn>;
  rootEventId: string;
}

/**
 * One turn of one thread: rehydrate the actor if needed, attach understanding, run the event,
 * build the turn's writes, commit them (fenced), then release the replies and tell the console.
 */
export class TurnPipeline {
  private readonly states: (
    schema: TenantSchema,
    threadKey: string,
  ) => Promise<ThreadState | undefined>;

  constructor(
    private readonly deps: TurnPipelineDeps,
    private readonly opts: { shardCount: number },
  ) {
    this.states = threadLookup((schema, keys) => loadThreadStates(deps.db, schema, keys), {
      maxBatch: 128,
      concurrency: 2,
    });
  }

  /** Runs the turn of `row` on its thread's actor and commits it. */
  async run(cell: ThreadCell, row: InboxRow): Promise<TurnResult> {
    const started = performance.now();
    const epoch = this.deps.ownership.epochOf(cell.shard);
    if (epoch === undefined) return 'lost';
    const rootEventId =
      typeof row.event.rootEventId === 'string' ? row.event.rootEventId : row.eventId;
    const tenant = await this.deps.tenants.get(cell.tenant);
    if (!tenant) {
      this.deps.log.error({ tenant: cell.tenant }, 'event for an unknown tenant');
      return 'done';
    }
    const ready = await this.ensureActor(cell, tenant, row, rootEventId);
    if (ready !== 'ready') return ready;
    const turn = await this.apply(cell, tenant, row, { epoch, rootEventId });
    const committed = await this.commit(cell, turn.built.write);
    if (committed !== 'done') return committed;
    this.report(cell, row, turn, started);
    return 'done';
  }

  /** Rehydrates the thread's actor when it is not in memory. */
  private async ensureActor(
    cell: ThreadCell,
    tenant: Tenant,
    row: InboxRow,
    rootEventId: string,
  ): Promise<TurnResult | 'ready'> {
    if (cell.actor) return 'ready';
    const { deps } = this;
    try {
      await this.hydrate(cell, tenant);
      return 'ready';
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

  /** Understanding attached, the event run on the actor, the turn's writes built. */
  private async apply(
    cell: ThreadCell,
    tenant: Tenant,
    row: InboxRow,
    at: { epoch: number; rootEventId: string },
  ): Promise<AppliedTurn> {
    const { deps } = this;
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
        epoch: at.epoch,
        threadKey: cell.threadKey,
        inboxId: row.id,
        eventId: row.eventId,
        rootEventId: at.rootEventId,
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
    return { event, outcome, built, rootEventId: at.rootEventId };
  }

  /** The fenced commit; a failed or refused one throws the actor away (memory never runs ahead). */
  private async commit(cell: ThreadCell, write: TurnWrite): Promise<TurnResult> {
    const { deps } = this;
    let commit;
    try {
      commit = await deps.committer.submit(write);
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
    return 'done';
  }

  /** After the commit: metrics, the replies released to their waiters, the console told. */
  private report(cell: ThreadCell, row: InboxRow, turn: AppliedTurn, started: number): void {
    const { deps } = this;
    const { event, outcome, built, rootEventId } = turn;
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
      return;
    }
    const actor = cell.actor!;
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
    const fresh = deps.machines.freshFor(kind, tenant.settings, r?.machine);
    if (fresh || !r?.machine) {
      cell.actor = ThreadActor.create(fresh!, input);
      cell.actor.seq = r?.seq ?? 0; // a thread starting afresh keeps its journal going
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
}
