import { Batcher } from '../db/batcher';
import type { Database } from '../db/database';
import type { TenantSchema } from '../db/schema-name';
import { shardOf } from '../supervisor/thread-key';
import type { Tenant } from '../tenancy/tenant-registry';
import { enqueueEffects, type EnqueuedEffect } from './outbox-enqueue';

/**
 * Effects the channel webhooks create outside any turn (mark as read, a failed status's sequel,
 * a voice note's transcription), written to the thread's outbox and handed to the dispatcher.
 * Concurrent webhooks' effects share one statement (a mark-as-read comes with every message).
 */
export class ChannelEffects {
  private readonly batcher: Batcher<
    EnqueuedEffect & { schema: TenantSchema },
    boolean,
    TenantSchema
  >;

  constructor(
    db: Database,
    private readonly shardCount: number,
    private readonly kick: (tenant: string) => void,
  ) {
    this.batcher = new Batcher(
      (e) => e.schema,
      (schema, effects) => enqueueEffects(db, schema, effects),
      { maxBatch: 256, concurrency: 2 },
    );
  }

  /** Whether the effect is new (false: its idempotency key was already in the outbox). */
  async enqueue(
    tenant: Tenant,
    threadKey: string,
    e: Omit<EnqueuedEffect, 'threadKey' | 'shard'>,
  ): Promise<boolean> {
    const fresh = await this.batcher.submit({
      ...e,
      schema: tenant.schema,
      threadKey,
      shard: shardOf(tenant.slug, threadKey, this.shardCount),
    });
    if (fresh && !e.delayMs) this.kickFor(tenant);
    return fresh;
  }

  /** Effects of the tenant were written elsewhere (with an inbox row): send them now. */
  kickFor(tenant: Tenant): void {
    this.kick(tenant.slug);
  }
}
