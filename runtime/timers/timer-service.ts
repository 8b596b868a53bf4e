import { systemClock, type Clock } from '../clock';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { ident, tenantSchema } from '../db/schema-name';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Waker } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';

export interface TimerServiceOptions {
  pollMs: number;
  batchSize: number;
  /** Decides which timers are due when a test pins it; otherwise the database's `now()`. */
  clock?: Clock;
}

/**
 * Fires durable timers of owned shards: in one statement, due timers are deleted and their
 * events inserted into the inbox (event id `timer:<id>`, so a retry is a no-op), then the
 * threads are woken. Timers live in Postgres, so they survive restarts and failover; the event
 * carries the timer's due time as `at`, so a late firing is still deterministic.
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
    private readonly db: Database,
    private readonly tenants: TenantRegistry,
    private readonly ownership: ShardOwnership,
    private readonly waker: Waker,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly faults: Faults,
    private readonly opts: TimerServiceOptions,
  ) {
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
      const shards = this.ownership.owned();
      if (shards.length === 0) return;
      for (const slug of await this.tenants.list()) {
        let fired: number;
        do fired = await this.fireTenant(slug, shards);
        while (fired === this.opts.batchSize && !this.stopped);
      }
    } catch (err) {
      this.log.warn({ err }, 'timer firing failed');
    } finally {
      this.running = false;
    }
  }

  private async fireTenant(slug: string, shards: number[]): Promise<number> {
    const s = ident(tenantSchema(slug));
    const { rows } = await this.db.query<{
      id: number;
      thread_key: string;
      shard: number;
      event_id: string;
    }>(
      `WITH due AS (
         DELETE FROM ${s}.timers WHERE id IN (
           SELECT id FROM ${s}.timers
           WHERE fire_at <= COALESCE(to_timestamp($3::float8 / 1000), now())
             AND shard = ANY($1::int[])
           ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, thread_key, shard, fire_at, event)
       INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
       SELECT 'timer:' || id, thread_key, shard, 'timer',
              event || jsonb_build_object('at', (extract(epoch FROM fire_at) * 1000)::bigint)
       FROM due
       ON CONFLICT (event_id) DO NOTHING
       RETURNING id, thread_key, shard, event_id`,
      [shards, this.opts.batchSize, this.pinned ? this.clock.now() : null],
    );
    if (rows.length > 0) {
      this.faults.hit('timer.after_fire');
      this.metrics.timersFired.inc(rows.length);
      for (const r of rows)
        this.waker.wake({ tenant: slug, threadKey: r.thread_key, shard: r.shard });
    }
    return rows.length;
  }
}
