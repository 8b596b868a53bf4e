import { digestTime, nextDigestAt } from '../../booking';
import { systemClock, type Clock } from '../clock';
import type { Database } from '../db/database';
import { ident } from '../../contract';
import type { Logger } from '../logger';
import type { AdminThreads } from '../supervisor/admin-threads';
import { shardOf } from '../supervisor/thread-key';
import type { TenantRegistry } from '../tenancy/tenant-registry';

export interface DigestSeederOptions {
  shardCount: number;
  /** How often every tenant is checked (new tenants and admins get their timer). */
  everyMs: number;
  clock?: Clock;
}

/**
 * Every owner's thread has one durable `digest` timer: its admin-thread machine sets the next one
 * each time the digest is sent. This puts the first one in place (and one back if a thread's
 * chain was ever broken): at start, hourly, and for a tenant on demand. Idempotent: the timers
 * table is unique on (thread, key), so a timer already set is left alone, and the timer service
 * fires a timer once (`DELETE … RETURNING`), whichever process owns the shard.
 */
export class DigestSeeder {
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    private readonly tenants: TenantRegistry,
    private readonly admins: AdminThreads,
    private readonly log: Logger,
    private readonly opts: DigestSeederOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
  }

  start(): void {
    void this.seedAll();
    this.timer = setInterval(() => void this.seedAll(), this.opts.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async seedAll(): Promise<void> {
    try {
      for (const slug of await this.tenants.list()) {
        await this.ensure(slug).catch((err: unknown) =>
          this.log.warn({ err, tenant: slug }, 'digest timers not seeded'),
        );
      }
    } catch (err) {
      this.log.warn({ err }, 'digest timers not seeded');
    }
  }

  /** Seeds the digest timers of one tenant's admin threads; returns how many were new. */
  async ensure(slug: string): Promise<number> {
    const tenant = await this.tenants.get(slug);
    if (!tenant || tenant.admins.length === 0) return 0;
    const machine = tenant.settings.admin_machine;
    if (typeof machine === 'string' && machine !== 'admin-thread') return 0;
    const fireAt = nextDigestAt(this.clock.now(), tenant.timezone, digestTime(tenant.settings));
    const s = ident(tenant.schema);
    let added = 0;
    for (const t of await this.admins.threadsOf(tenant)) {
      const shard = shardOf(slug, t.threadKey, this.opts.shardCount);
      await this.db.query(
        `INSERT INTO ${s}.threads (thread_key, kind, customer_id, shard) VALUES ($1, 'admin', $2, $3)
         ON CONFLICT (thread_key) DO NOTHING`,
        [t.threadKey, t.customerId, shard],
      );
      const r = await this.db.query(
        `INSERT INTO ${s}.timers (thread_key, timer_key, shard, fire_at, event)
         VALUES ($1, 'digest', $2, $3, $4::jsonb) ON CONFLICT (thread_key, timer_key) DO NOTHING`,
        [t.threadKey, shard, new Date(fireAt), JSON.stringify({ type: 'digest.due' })],
      );
      added += r.rowCount ?? 0;
    }
    return added;
  }
}
