import { systemClock, type Clock } from '../clock';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { isRetryable, RatibaError, safeText, tenantSchema } from '../../contract';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { EngineSignals } from '../signal';
import type { Waker } from '../mailbox/ingress';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { EffectDeferral, type EffectHandlers } from './effect-handler';
import { DueClaims, type ClaimCause } from './due-claims';
import { FollowUps } from './follow-ups';
import { recordPromptly } from './record-promptly';
import { claimDue, releaseOrphans, type EffectOutcome, type OutboxRow } from '../stores/outbox';

export interface OutboxDispatcherOptions {
  pollMs: number;
  maxAttempts: number;
  /** First retry delay; doubles per attempt (with jitter) up to `maxBackoffMs`. */
  backoffBaseMs: number;
  maxBackoffMs: number;
  batchSize: number;
  leaseMs: number;
  /** Claim-run-record loops in flight per tenant (claims skip each other's rows). */
  loopsPerTenant: number;
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
  loopsPerTenant: 4,
  clock: systemClock,
};

export function backoffMs(
  attempt: number,
  base: number,
  max: number,
  random = Math.random,
): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

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
  /** Dispatch loops running per tenant; several overlap so one slow provider call does not hold up the rest. */
  private readonly running = new Map<string, number>();
  private readonly again = new Set<string>();
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
    if ((this.running.get(tenant) ?? 0) >= this.opts.loopsPerTenant) {
      this.again.add(tenant);
      return;
    }
    const p = this.run(tenant, by).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async pollAll(): Promise<void> {
    try {
      for (const slug of await this.deps.tenants.list()) this.kick(slug, undefined, 'poll');
    } catch (err) {
      this.deps.log.warn({ err }, 'outbox poll failed');
    }
  }

  private async run(slug: string, by: ClaimCause): Promise<void> {
    this.running.set(slug, (this.running.get(slug) ?? 0) + 1);
    try {
      // Threads to claim for next (a follow-up), else any thread (a full claim).
      let only: string[] = [];
      do {
        if (only.length === 0) this.again.delete(slug);
        only = await this.batch(slug, only, only.length > 0 ? 'follow_up' : by);
        by = 'kick';
      } while ((only.length > 0 || this.again.has(slug)) && !this.stopped);
    } catch (err) {
      this.deps.log.warn({ err, tenant: slug }, 'outbox dispatch failed');
    } finally {
      const left = (this.running.get(slug) ?? 1) - 1;
      if (left > 0) this.running.set(slug, left);
      else this.running.delete(slug);
    }
  }

  /**
   * Claims (for `only` these threads, or any), runs and records one batch. Returns the threads
   * whose next effect is due now (see FollowUps).
   */
  private async batch(slug: string, only: string[], by: ClaimCause): Promise<string[]> {
    const shards = this.deps.ownership.owned();
    if (shards.length === 0 || this.stopped) return [];
    const rows = await this.followUps.claim(slug, () =>
      claimDue(
        this.deps.db,
        tenantSchema(slug),
        shards,
        this.opts.batchSize,
        this.opts.leaseMs,
        this.deps.ownership.nodeId,
        only.length > 0 ? only : undefined,
      ),
    );
    this.deps.metrics.outboxClaims.inc({ by, found: rows.length > 0 ? 'yes' : 'no' });
    const threads = rows.map((r) => r.threadKey);
    let more: string[] = [];
    try {
      const outcomes = await Promise.all(rows.map((row) => this.execute(slug, row)));
      if (rows.length > 0) this.deps.faults.hit('outbox.after_send');
      const recorded = await recordPromptly(this.deps, slug, outcomes, this.opts.leaseMs);
      for (const o of outcomes) if (o.status === 'retry') this.dueClaims.at(slug, o.delayMs ?? 0);
      for (const w of recorded.woken)
        this.deps.waker.wake({ tenant: slug, threadKey: w.threadKey, shard: w.shard });
      more = recorded.more;
    } finally {
      more = this.followUps.recorded(slug, threads, more);
    }
    if (only.length === 0 && rows.length === this.opts.batchSize) this.again.add(slug);
    return more;
  }

  /** Runs one claimed effect; never throws. */
  private async execute(slug: string, row: OutboxRow): Promise<EffectOutcome> {
    const handler = this.deps.handlers.get(row.kind);
    const rootEventId = row.payload.rootEventId;
    const { clock } = this.opts;
    const answer = (type: 'call.result' | 'effect.failed', extra: Record<string, unknown>) => ({
      type,
      kind: row.kind,
      at: clock.now(),
      ...(typeof rootEventId === 'string' ? { rootEventId } : {}),
      ...extra,
    });
    try {
      const tenant = await this.deps.tenants.get(slug);
      if (!handler || !tenant)
        throw new RatibaError('unknown_effect', `no handler for effect kind ${row.kind}`);
      const { rootEventId: _r, ...payload } = row.payload;
      const result = await handler.run(payload, {
        tenant,
        threadKey: row.threadKey,
        outboxId: row.id,
        idempotencyKey: row.idempotencyKey,
        attempt: row.attempts,
        interrupted: row.interrupted,
        now: clock.now(),
      });
      if (result instanceof EffectDeferral) {
        this.deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'deferred' });
        const error = `deferred: ${result.reason}`;
        return { row, status: 'retry', error, delayMs: result.delayMs, refundAttempt: true };
      }
      this.deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'done' });
      return {
        row,
        status: 'done',
        result,
        ...(handler.answers ? { event: answer('call.result', { result }) } : {}),
      };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (isRetryable(err) && row.attempts < this.opts.maxAttempts) {
        // A provider's Retry-After (e.g. WhatsApp 130429 with the header) wins over our backoff.
        const delayMs = Math.max(
          backoffMs(row.attempts, this.opts.backoffBaseMs, this.opts.maxBackoffMs),
          Math.min(retryAfterOf(err) ?? 0, this.opts.maxBackoffMs),
        );
        this.deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'retry' });
        this.deps.log.warn(
          { kind: row.kind, outboxId: row.id, attempt: row.attempts, delayMs, error },
          'effect failed; will retry',
        );
        return { row, status: 'retry', error, delayMs };
      }
      this.deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'dead' });
      this.deps.metrics.outboxDeadLetters.inc({ kind: row.kind });
      this.deps.log.error(
        { kind: row.kind, outboxId: row.id, attempts: row.attempts, error },
        'effect dead-lettered',
      );
      // A machine waiting for a call learns that it failed; a failed reply send is the channel's business.
      const tellThread = handler?.answers !== false;
      return {
        row,
        status: 'dead',
        error,
        ...(tellThread ? { event: answer('effect.failed', { error: safeText(error, 500) }) } : {}),
      };
    }
  }
}

/** `retryAfterMs` of an error that carries one (GraphError, ProviderErrors built from 429s). */
function retryAfterOf(err: unknown): number | undefined {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
