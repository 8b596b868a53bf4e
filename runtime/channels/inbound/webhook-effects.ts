import { Batcher } from '../../db/batcher';
import type { Database } from '../../db/database';
import type { TenantSchema } from '../../../contract';
import { shardOf } from '../../supervisor/thread-key';
import type { Tenant } from '../../tenancy/tenant-registry';
import { enqueueEffects, type EnqueuedEffect } from '../../stores/outbox';

/** An effect as a webhook enqueues it (thread and shard are the call's). */
export type ChannelEffect = Omit<EnqueuedEffect, 'threadKey' | 'shard'>;

interface Item {
  schema: TenantSchema;
  effects: EnqueuedEffect[];
}

/**
 * Effects the channel webhooks create outside any turn (a receipt, a failed status's sequel, a
 * voice note's transcription), written to the thread's outbox and handed to the dispatcher.
 * The effects of one call are written by one statement, in order (a voice note's receipt and
 * its transcription: both or neither); concurrent calls share it.
 */
export class ChannelEffects {
  private readonly batcher: Batcher<Item, boolean[], TenantSchema>;

  constructor(
    db: Database,
    private readonly shardCount: number,
    private readonly kick: (tenant: string, threadKeys?: readonly string[]) => void,
  ) {
    this.batcher = new Batcher(
      (i) => i.schema,
      async (schema, items) => {
        const fresh = await enqueueEffects(
          db,
          schema,
          items.flatMap((i) => i.effects),
        );
        let k = 0;
        return items.map((i) => i.effects.map(() => fresh[k++]!));
      },
      { maxBatch: 256, concurrency: 2 },
    );
  }

  /** Written once this resolves; an effect whose idempotency key was already there is skipped. */
  async enqueue(
    tenant: Tenant,
    threadKey: string,
    effects: readonly ChannelEffect[],
  ): Promise<void> {
    const shard = shardOf(tenant.slug, threadKey, this.shardCount);
    const fresh = await this.batcher.submit({
      schema: tenant.schema,
      effects: effects.map((e) => ({ ...e, threadKey, shard })),
    });
    if (effects.some((e, i) => fresh[i] && !e.delayMs)) this.kickFor(tenant, threadKey);
  }

  /** Effects of the tenant were written elsewhere (with an inbox row): send them now. */
  kickFor(tenant: Tenant, threadKey?: string): void {
    this.kick(tenant.slug, threadKey === undefined ? undefined : [threadKey]);
  }
}
