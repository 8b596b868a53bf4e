import { systemClock, type Clock } from '../clock';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { tenantSchema } from '../../contract';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { EngineSignals } from '../signal';
import type { Waker } from '../mailbox/ingress';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import type { EffectHandlers } from './effect-handler';
import { DueClaims, type ClaimCause } from './due-claims';
import { FollowUps } from './follow-ups';
import { recordPromptly } from './record-promptly';
import { runEffect } from './run-effect';
import { claimDue, releaseOrphans, type OutboxRow } from '../stores/outbox';

export interface OutboxDispatcherOptions {
  pollMs: number;
  maxAttempts: number;
  /** First retry delay; doubles per attempt (with jitter) up to `maxBackoffMs`. */
  backoffBaseMs: number;
  maxBackoffMs: number;
  batchSize: number;
  leaseMs: number;
  /** Claim statements in flight per tenant (they skip each other's rows). */
  claimsPerTenant: number;
  /** Effects claimed and not yet recorded per tenant; claims wait below this. */
  maxInFlightPerTenant: number;
  /** Stamps results (`at`) and handlers (`now`); the system clock unless a test pins it. */
  clock: Clock;
}

export const DEFAULT_OUTBOX_DISPATCHER_OPTIONS: OutboxDispatcherOptions = {
  pollMs: 1000,
  maxAttempts: 8,
  backoffBaseMs: 1000,
  maxBackoffMs: 300_000,
  batchSize: 64,
  leaseMs: 60_000,
  claimsPerTenant: 2,
  maxInFlightPerTenant: 256,
  clock: systemClock,
};

export interface OutboxDispatcherDeps {
  /** Kicks: turns committed with effects, effects written outside a turn. */
  signals: EngineSignals;
  db: Database;
  tenants: TenantRegistry;
  ownership: ShardOwnership;
  handlers: EffectHandlers;
  waker: Waker;
  metrics: Metrics;
  log: Logger;
  faults: Faults;
}

/**
 * Runs effects from the outbox of every tenant, for the shards this process owns: woken in
 * process right after a commit that wrote effects, and polling as a backstop. At least once,
 * retried with exponential backoff, dead-lettered after the last attempt or a final error.
 */
export class OutboxDispatcher {
  private readonly opts: OutboxDispatcherOptions;
  /** Effect kinds claimed beside their thread's line (see `EffectHandler.unordered`). */
  private readonly unordered: string[];
  /** Per tenant: what is wanted next, and what is under way (see `pump`). */
  private readonly tenants = new Map<string, TenantDispatch>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly followUps = new FollowUps();
  /** Claims scheduled for effects given back with a delay (deferrals, retries), per due time. */
  private readonly dueClaims = new DueClaims((tenant) => this.kick(tenant, undefined, 'due'));

  constructor(
    private readonly deps: OutboxDispatcherDeps,
    options: Partial<OutboxDispatcherOptions> = {},
  ) {
    deps.signals.committed.subscribe((c) => {
      for (const [t, threads] of c.outboxThreads) this.kick(t, threads);
    });
    deps.signals.outboxWritten.subscribe((w) => this.kick(w.tenant, w.threadKeys));
    this.opts = { ...DEFAULT_OUTBOX_DISPATCHER_OPTIONS, ...options };
    this.unordered = [...deps.handlers].filter(([, h]) => h.unordered).map(([kind]) => kind);
  }

  start(): void {
    this.timer = setInterval(() => void this.pollAll(), this.opts.pollMs);
    this.timer.unref();
    this.deps.ownership.onChange(({ gained }) => {
      if (gained.length > 0) void this.adopt(gained);
    });
    void this.adopt(this.deps.ownership.owned());
  }

  /** Takes over the unfinished effects a previous owner, now gone, left claimed. */
  private async adopt(shards: number[]): Promise<void> {
    try {
      const members = this.deps.ownership.status?.().members ?? null;
      for (const slug of await this.deps.tenants.list()) {
        const n = await releaseOrphans(
          this.deps.db,
          tenantSchema(slug),
          shards,
          this.deps.ownership.nodeId,
          members,
        );
        if (n > 0) {
          this.deps.log.info(
            { tenant: slug, effects: n },
            'adopted unfinished effects of a previous owner',
          );
          this.kick(slug);
        }
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'adopting unfinished effects failed');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.dueClaims.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** New effects were committed for this tenant (for these threads; undefined: unknown). */
  kick(tenant: string, threadKeys?: readonly string[], by: ClaimCause = 'kick'): void {
    if (this.stopped) return;
    this.followUps.kicked(tenant, threadKeys);
    const t = this.stateOf(tenant);
    if (!t.full) t.fullBy = by;
    t.full = true;
    this.pump(tenant);
  }

  private async pollAll(): Promise<void> {
    try {
      for (const slug of await this.deps.tenants.list()) this.kick(slug, undefined, 'poll');
    } catch (err) {
      this.deps.log.warn({ err }, 'outbox poll failed');
    }
  }

  private stateOf(slug: string): TenantDispatch {
    let t = this.tenants.get(slug);
    if (!t) {
      t = { full: false, fullBy: 'kick', only: new Set(), claiming: 0, effects: 0 };
      this.tenants.set(slug, t);
    }
    return t;
  }

  /**
   * Starts the claims wanted: a full claim (a kick, a due time, the poll: any thread's oldest due
   * effect), else one for the threads whose effect in flight was just recorded (follow-ups).
   * Claims are decoupled from carrying effects out: an effect kicked while others are being sent
   * (a slow call of another thread) is claimed at once, not after their batch is recorded.
   * Kicks during a claim are coalesced into the next one.
   */
  private pump(slug: string): void {
    const t = this.stateOf(slug);
    const { claimsPerTenant, maxInFlightPerTenant, batchSize } = this.opts;
    while (
      !this.stopped &&
      (t.full || t.only.size > 0) &&
      t.claiming < claimsPerTenant &&
      t.effects < maxInFlightPerTenant
    ) {
      const only = t.full ? undefined : [...t.only];
      const by = t.full ? t.fullBy : 'follow_up';
      t.full = false;
      t.only.clear();
      const limit = Math.min(batchSize, maxInFlightPerTenant - t.effects);
      t.claiming++;
      const p = this.claimAndRun(slug, t, only, by, limit).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  /** One claim (for `only` these threads, or any); then its effects are run and recorded. */
  private async claimAndRun(
    slug: string,
    t: TenantDispatch,
    only: string[] | undefined,
    by: ClaimCause,
    limit: number,
  ): Promise<void> {
    let rows: OutboxRow[] = [];
    try {
      const shards = this.deps.ownership.owned();
      if (shards.length > 0 && !this.stopped)
        rows = await this.followUps.claim(slug, () =>
          claimDue(
            this.deps.db,
            tenantSchema(slug),
            shards,
            limit,
            this.opts.leaseMs,
            this.deps.ownership.nodeId,
            only,
            this.unordered,
          ),
        );
      this.deps.metrics.outboxClaims.inc({ by, found: rows.length > 0 ? 'yes' : 'no' });
    } catch (err) {
      this.deps.log.warn({ err, tenant: slug }, 'outbox claim failed');
    } finally {
      t.claiming--;
    }
    // A full batch may have left due effects behind.
    if (only === undefined && rows.length === limit) t.full = true;
    t.effects += rows.length;
    this.pump(slug);
    if (rows.length > 0) await this.runBatch(slug, t, rows);
  }

  /** Runs and records one claimed batch; its threads with a next effect due are claimed for. */
  private async runBatch(slug: string, t: TenantDispatch, rows: OutboxRow[]): Promise<void> {
    let more: string[] = [];
    try {
      const outcomes = await Promise.all(
        rows.map((row) => runEffect(this.deps, this.opts, slug, row)),
      );
      this.deps.faults.hit('outbox.after_send');
      const recorded = await recordPromptly(this.deps, slug, outcomes, this.opts.leaseMs);
      for (const o of outcomes) if (o.status === 'retry') this.dueClaims.at(slug, o.delayMs ?? 0);
      for (const w of recorded.woken)
        this.deps.waker.wake({ tenant: slug, threadKey: w.threadKey, shard: w.shard });
      more = recorded.more;
    } catch (err) {
      this.deps.log.warn({ err, tenant: slug }, 'outbox dispatch failed');
    } finally {
      more = this.followUps.recorded(
        slug,
        rows.map((r) => r.threadKey),
        more,
      );
      t.effects -= rows.length;
    }
    for (const k of more) t.only.add(k);
    this.pump(slug);
  }
}

/** A tenant's dispatch: claims wanted and under way, effects claimed and not yet recorded. */
interface TenantDispatch {
  /** A claim of any thread's due effects is wanted (and what asked for it first). */
  full: boolean;
  fullBy: ClaimCause;
  /** Threads to claim for (follow-ups), when no full claim is wanted. */
  only: Set<string>;
  claiming: number;
  effects: number;
}
