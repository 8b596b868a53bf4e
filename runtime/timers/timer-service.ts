import { systemClock, type Clock } from '../clock';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import { ident, tenantSchema } from '../../contract/schema-name';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Waker } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { Queryable } from '../../contract/queryable';
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
export interface DueTimer {
  id: number;
  threadKey: string;
  timerKey: string;
  shard: number;
  /** Epoch ms; becomes the event's `at`. */
  fireAt: number;
  event: Record<string, unknown>;
}

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
    const s = ident(tenantSchema(slug));
    const { rows } = await this.db.query<FiredRow>(
      `WITH due AS (
         DELETE FROM ${s}.timers WHERE id IN (
           SELECT id FROM ${s}.timers
           WHERE fire_at <= COALESCE(to_timestamp($3::float8 / 1000), now())
             AND shard = ANY($1::int[])
             AND NOT EXISTS (SELECT 1 FROM unnest($4::text[]) AS g(prefix)
                             WHERE starts_with(timer_key, g.prefix))
           ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, thread_key, shard, fire_at, event)
       INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
       SELECT 'timer:' || id, thread_key, shard, 'timer',
              event || jsonb_build_object('at', (extract(epoch FROM fire_at) * 1000)::bigint)
       FROM due
       ON CONFLICT (event_id) DO NOTHING
       RETURNING id, thread_key, shard, event_id`,
      [shards, this.opts.batchSize, this.due(), gates.map((g) => g.prefix)],
    );
    this.fired(slug, rows);
    return rows.length;
  }

  /** Due timers of one gate: deleted, judged and the admitted ones fired, in one transaction. */
  private async fireGated(slug: string, shards: number[], gate: TimerGate): Promise<number> {
    const tenant = await this.tenants.get(slug);
    if (!tenant) return 0;
    const s = ident(tenant.schema);
    // Most polls find nothing: one cheap read before a transaction of three statements.
    const any = await this.db.query(
      `SELECT 1 FROM ${s}.timers
       WHERE fire_at <= COALESCE(to_timestamp($2::float8 / 1000), now())
         AND shard = ANY($1::int[]) AND starts_with(timer_key, $3)
       LIMIT 1`,
      [shards, this.due(), gate.prefix],
    );
    if (any.rows.length === 0) return 0;
    const { deleted, rows } = await this.db.transaction(async (tx) => {
      const due = await tx.query<{
        id: number;
        thread_key: string;
        timer_key: string;
        shard: number;
        fire_at_ms: string;
        event: Record<string, unknown>;
      }>(
        `DELETE FROM ${s}.timers WHERE id IN (
           SELECT id FROM ${s}.timers
           WHERE fire_at <= COALESCE(to_timestamp($3::float8 / 1000), now())
             AND shard = ANY($1::int[]) AND starts_with(timer_key, $4)
           ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, thread_key, timer_key, shard,
                   (extract(epoch FROM fire_at) * 1000)::bigint AS fire_at_ms, event`,
        [shards, this.opts.batchSize, this.due(), gate.prefix],
      );
      if (due.rows.length === 0) return { deleted: 0, rows: [] as FiredRow[] };
      const timers: DueTimer[] = due.rows.map((r) => ({
        id: Number(r.id),
        threadKey: r.thread_key,
        timerKey: r.timer_key,
        shard: r.shard,
        fireAt: Number(r.fire_at_ms),
        event: r.event,
      }));
      const admitted = await gate.admit(tx, tenant, timers, this.clock.now());
      if (admitted.length === 0) return { deleted: timers.length, rows: [] as FiredRow[] };
      const inserted = await tx.query<FiredRow>(
        `INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
         SELECT 'timer:' || x.id, x.thread_key, x.shard, 'timer',
                x.event || jsonb_build_object('at', x.fire_at)
         FROM jsonb_to_recordset($1::jsonb)
              AS x(id bigint, thread_key text, shard integer, fire_at bigint, event jsonb)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING id, thread_key, shard, event_id`,
        [
          JSON.stringify(
            admitted.map((t) => ({
              id: t.id,
              thread_key: t.threadKey,
              shard: t.shard,
              fire_at: t.fireAt,
              event: t.event,
            })),
          ),
        ],
      );
      return { deleted: timers.length, rows: inserted.rows };
    });
    this.fired(slug, rows);
    return deleted;
  }

  private fired(slug: string, rows: FiredRow[]): void {
    if (rows.length === 0) return;
    this.faults.hit('timer.after_fire');
    this.metrics.timersFired.inc(rows.length);
    for (const r of rows)
      this.waker.wake({ tenant: slug, threadKey: r.thread_key, shard: r.shard });
  }
}

type FiredRow = { id: number; thread_key: string; shard: number; event_id: string };
