import { digestTime, nextDigestAt, nextReaperAt } from '../../booking';
import { systemClock, type Clock } from '../clock';
import type { Database } from '../db/database';
import { setTimers } from '../stores/timers';
import { touchThreads } from '../stores/threads';
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
 * each time the digest is sent. The same goes for the payment reaper's `reaper` timer (03:00
 * tenant time; with several owners the first thread to run claims the day, see
 * runtime/payments/reaper.ts). This puts the first one in place (and one back if a thread's
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
    const threads = (await this.admins.threadsOf(tenant)).map((t) => ({
      threadKey: t.threadKey,
      kind: 'admin' as const,
      customerId: t.customerId,
      shard: shardOf(slug, t.threadKey, this.opts.shardCount),
    }));
    await touchThreads(this.db, tenant.schema, threads, { createOnly: true });
    const reapAt = nextReaperAt(this.clock.now(), tenant.timezone);
    const added = await setTimers(
      this.db,
      tenant.schema,
      threads.flatMap((t) => [
        { ...t, timerKey: 'digest', fireAtMs: fireAt, event: { type: 'digest.due' } },
        { ...t, timerKey: 'reaper', fireAtMs: reapAt, event: { type: 'reaper.due' } },
      ]),
      { keepExisting: true },
    );
    return added;
  }
}
