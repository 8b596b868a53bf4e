import type { Queryable } from '../db/queryable';
import { ident, type TenantSchema } from '../db/schema-name';

export type DeliveryStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

const RANK: Record<DeliveryStatus, number> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

export async function recordAccepted(
  q: Queryable,
  schema: TenantSchema,
  d: { providerMessageId: string; channel: string; outboxId: number; threadKey: string },
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.deliveries (provider_message_id, channel, outbox_id, thread_key)
     VALUES ($1, $2, $3, $4) ON CONFLICT (provider_message_id) DO NOTHING`,
    [d.providerMessageId, d.channel, d.outboxId, d.threadKey],
  );
}

/**
 * Moves a delivery forward (statuses may arrive out of order; an older one never overwrites a
 * newer one). Returns the thread of the message, or undefined when the id is not ours.
 */
export async function recordStatus(
  q: Queryable,
  schema: TenantSchema,
  providerMessageId: string,
  status: Exclude<DeliveryStatus, 'accepted'>,
  errors: unknown[],
): Promise<string | undefined> {
  const { rows } = await q.query<{ thread_key: string }>(
    `UPDATE ${ident(schema)}.deliveries SET
       status = CASE WHEN $4 > (CASE status WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
                                             WHEN 'read' THEN 3 ELSE 4 END) THEN $2 ELSE status END,
       errors = CASE WHEN jsonb_array_length($3::jsonb) > 0 THEN $3::jsonb ELSE errors END,
       updated_at = now()
     WHERE provider_message_id = $1
     RETURNING thread_key`,
    [providerMessageId, status, JSON.stringify(errors), RANK[status]],
  );
  return rows[0]?.thread_key;
}
