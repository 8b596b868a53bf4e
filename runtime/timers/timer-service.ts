import { systemClock, type Clock } from '../clock';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { tenantSchema, type Queryable } from '../../contract';
import { insertInboxEvents, type InboxInserted } from '../stores/inbox';
import { anyDueTimer, fireDueTimers, takeDueTimers, type TakenTimer } from '../stores/timers';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Waker } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { EngineSignals } from '../signal';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';

export interface TimerServiceOptions {
  pollMs: number;
  batchSize: number;
  /** Decides which timers are due when a test pins it; otherwise the database's `now()`. */
  clock?: Clock;
  /** Checks at fire time for some kinds of timers (reminders: is the appointment still on?). */
  gates?: readonly TimerGate[];
}

/** A due timer, deleted by the firing transaction and not yet in the inbox. */
export type DueTimer = TakenTimer;

/**
 * Judges, inside the transaction that fires them, the due timers whose key starts with `prefix`:
 * those it returns fire; the others are dropped (already deleted). It may write through `tx`
 * (e.g. set replacement timers), atomically with the firing. A gate that throws rolls the
 * firing back: the timers stay and are tried again at the next poll.
 */
export interface TimerGate {
  readonly prefix: string;
  admit(tx: Queryable, tenant: Tenant, due: DueTimer[], now: number): Promise<DueTimer[]>;
}

export interface TimerServiceDeps {
  /** Nudged by committed turns that set a timer sooner than the next poll. */
  signals: Pick<EngineSignals, 'committed'>;
  db: Database;
  tenants: TenantRegistry;
  ownership: ShardOwnership;
  waker: Waker;
  metrics: Metrics;
  log: Logger;
  faults: Faults;
}

/**
 * Fires durable timers of owned shards: in one statement, due timers are deleted and their
 * events inserted into the inbox (event id `timer:<id>`, so a retry is a no-op), then the
 * threads are woken. Timers live in Postgres, so they survive restarts and failover; the event
 * carries the timer's due time as `at`, so a late firing is still deterministic. Timers a gate
 * judges (by key prefix) are fired in a transaction of their own that asks the gate first.
 */
export class TimerService {
  private timer: NodeJS.Timeout | undefined;
  private nudgeTimer: NodeJS.Timeout | undefined;
  private nudgeAt = Infinity;
  private running = false;
  private stopped = false;
  private readonly clock: Clock;
  private readonly pinned: boolean;

  constructor(
    private readonly deps: TimerServiceDeps,
    private readonly opts: TimerServiceOptions,
  ) {
    deps.signals.committed.subscribe((c) => {
      if (c.earliestTimer !== null) this.nudge(c.earliestTimer);
    });
    this.clock = opts.clock ?? systemClock;
    this.pinned = opts.clock !== undefined;
  }

  start(): void {
    this.timer = setInterval(() => void this.fireDue(), this.opts.pollMs);
    this.timer.unref();
    void this.fireDue();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.nudgeTimer);
  }

  /** A commit set a timer due at `fireAt`: check then rather than at the next poll. */
  nudge(fireAt: number): void {
    if (this.stopped || fireAt >= this.nudgeAt) return;
    clearTimeout(this.nudgeTimer);
    this.nudgeAt = fireAt;
    this.nudgeTimer = setTimeout(
      () => {
        this.nudgeAt = Infinity;
        void this.fireDue();
      },
      Math.max(0, fireAt - this.clock.now()) + 5,
    );
    this.nudgeTimer.unref();
  }

  async fireDue(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const shards = this.deps.ownership.owned();
      if (shards.length === 0) return;
      for (const slug of await this.deps.tenants.list()) {
        let fired: number;
        do fired = await this.fireTenant(slug, shards);
        while (fired === this.opts.batchSize && !this.stopped);
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'timer firing failed');
    } finally {
      this.running = false;
    }
  }

  private async fireTenant(slug: string, shards: number[]): Promise<number> {
    const gates = this.opts.gates ?? [];
    const fired = await this.fireUngated(slug, shards, gates);
    let most = fired;
    for (const gate of gates) most = Math.max(most, await this.fireGated(slug, shards, gate));
    return most;
  }

  private due(): number | null {
    return this.pinned ? this.clock.now() : null;
  }

  /** Every due timer no gate judges, in one statement. */
  private async fireUngated(
    slug: string,
    shards: number[],
    gates: readonly TimerGate[],
  ): Promise<number> {
    const rows = await fireDueTimers(
      this.deps.db,
      tenantSchema(slug),
      { shards, limit: this.opts.batchSize, dueAtMs: this.due() },
      gates.map((g) => g.prefix),
    );
    this.fired(slug, rows);
    return rows.length;
  }

  /** Due timers of one gate: deleted, judged and the admitted ones fired, in one transaction. */
  private async fireGated(slug: string, shards: number[], gate: TimerGate): Promise<number> {
    const tenant = await this.deps.tenants.get(slug);
    if (!tenant) return 0;
    const query = { shards, limit: this.opts.batchSize, dueAtMs: this.due() };
    // Most polls find nothing: one cheap read before a transaction of three statements.
    if (!(await anyDueTimer(this.deps.db, tenant.schema, query, gate.prefix))) return 0;
    const { deleted, rows } = await this.deps.db.transaction(async (tx) => {
      const timers = await takeDueTimers(tx, tenant.schema, query, gate.prefix);
      if (timers.length === 0) return { deleted: 0, rows: [] as InboxInserted[] };
      const admitted = await gate.admit(tx, tenant, timers, this.clock.now());
      const inserted = await insertInboxEvents(
        tx,
        tenant.schema,
        admitted.map((t) => ({
          eventId: `timer:${t.id}`,
          threadKey: t.threadKey,
          shard: t.shard,
          source: 'timer',
          event: { ...t.event, at: t.fireAt },
        })),
      );
      return { deleted: timers.length, rows: inserted };
    });
    this.fired(slug, rows);
    return deleted;
  }

  private fired(slug: string, rows: readonly InboxInserted[]): void {
    if (rows.length === 0) return;
    this.deps.faults.hit('timer.after_fire');
    this.deps.metrics.timersFired.inc(rows.length);
    for (const r of rows)
      this.deps.waker.wake({ tenant: slug, threadKey: r.thread_key, shard: r.shard });
  }
}
