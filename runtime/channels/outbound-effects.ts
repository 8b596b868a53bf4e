import type { Database } from '../db/database';
import { customerByPhone } from '../mailbox/customers';
import { normalizePhone } from '../mailbox/phone';
import { shardOf, threadKeyFor } from '../supervisor/thread-key';
import type { Tenant } from '../tenancy/tenant-registry';
import { enqueueEffect, type EnqueuedEffect } from './outbox-enqueue';

/**
 * Effects the channel webhooks create outside any turn (mark as read, a failed status's sequel,
 * a voice note's transcription), written to the thread's outbox and handed to the dispatcher.
 */
export class ChannelEffects {
  constructor(
    private readonly db: Database,
    private readonly shardCount: number,
    private readonly kick: (tenant: string) => void,
  ) {}

  async enqueue(
    tenant: Tenant,
    threadKey: string,
    e: Omit<EnqueuedEffect, 'threadKey' | 'shard'>,
  ): Promise<boolean> {
    const fresh = await enqueueEffect(this.db, tenant.schema, {
      ...e,
      threadKey,
      shard: shardOf(tenant.slug, threadKey, this.shardCount),
    });
    if (fresh && !e.delayMs) this.kick(tenant.slug);
    return fresh;
  }

  /** The thread of a phone number (creating the customer), as the ingress would resolve it. */
  async threadOfPhone(tenant: Tenant, from: string, channel: string): Promise<string | undefined> {
    const phone = normalizePhone(from);
    if (!phone) return undefined;
    const id = await customerByPhone(this.db, tenant.schema, phone, channel);
    return threadKeyFor(tenant.admins.includes(phone) ? 'admin' : 'customer', id);
  }
}
