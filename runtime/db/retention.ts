import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Logger } from '../logger';
import { ident, tenantSchema, type TenantSchema } from '../../contract';
import { purgeInboxSql } from '../stores/inbox';
import { purgeOutboxSql } from '../stores/outbox';
import type { Database } from './database';
import type { TenantRegistry } from '../tenancy/tenant-registry';

/** Rows one statement deletes; a sweep repeats it until fewer come back. */
const BATCH = 5000;

/** What a sweep deletes: finished rows of the two queues (each store's own statement). */
const PURGE = { outbox: purgeOutboxSql, inbox: purgeInboxSql } as const;

export type RetentionTable = keyof typeof PURGE;

/**
 * Deletes up to `limit` rows of `table` on the given shards that finished (outbox: done; inbox:
 * processed) more than `olderThanMs` ago, oldest first; returns how many.
 */
export async function purgeFinished(
  db: Database,
  schema: TenantSchema,
  table: RetentionTable,
  shards: number[],
  olderThanMs: number,
  limit: number,
): Promise<number> {
  const { rowCount } = await db.query(PURGE[table](ident(schema)), [shards, olderThanMs, limit]);
  return rowCount ?? 0;
}

export interface RetentionSweeperDeps {
  db: Database;
  tenants: TenantRegistry;
  ownership: ShardOwnership;
  log: Logger;
}

/**
 * Retention of the queues (`RATIBA_RETENTION_DAYS`): every `everyMs`, each process deletes the
 * finished effects and events of the shards it owns, older than `retentionMs`. Pending and
 * dead-lettered rows stay; the journal (the conversations' history) is never touched. A provider
 * id deduplicates (inbox) and an effect key is honoured (outbox) only while its row exists, so
 * the retention must outlast every provider's redelivery window (Meta retries for 7 days).
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly deps: RetentionSweeperDeps,
    private readonly opts: { retentionMs: number; everyMs: number },
  ) {}

  start(): void {
    if (this.opts.retentionMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.opts.everyMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** One sweep over every tenant; returns the rows deleted per table. */
  async sweep(): Promise<Record<RetentionTable, number>> {
    const deleted = { outbox: 0, inbox: 0 };
    try {
      const shards = this.deps.ownership.owned();
      if (shards.length === 0 || this.opts.retentionMs <= 0) return deleted;
      for (const slug of await this.deps.tenants.list()) {
        for (const table of ['outbox', 'inbox'] as const) {
          for (;;) {
            if (this.stopped) return deleted;
            const n = await purgeFinished(
              this.deps.db,
              tenantSchema(slug),
              table,
              shards,
              this.opts.retentionMs,
              BATCH,
            );
            deleted[table] += n;
            if (n < BATCH) break;
          }
        }
      }
      if (deleted.outbox + deleted.inbox > 0)
        this.deps.log.info(deleted, 'finished effects and events past the retention deleted');
    } catch (err) {
      this.deps.log.warn({ err }, 'retention sweep failed');
    }
    return deleted;
  }
}
