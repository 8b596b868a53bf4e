import type { Queryable } from '../db/queryable';
import { ident, type TenantSchema } from '../db/schema-name';

/**
 * Resolves (creating if needed) the customer behind a channel identity. Phones are the identity
 * that joins channels: a WhatsApp wa_id and a caller id of the same number are one customer.
 */
export async function customerByPhone(
  q: Queryable,
  schema: TenantSchema,
  phone: string,
  channel: string,
): Promise<number> {
  const s = ident(schema);
  const { rows } = await q.query<{ id: number }>(
    `WITH c AS (
       INSERT INTO ${s}.customers (phone) VALUES ($1)
       ON CONFLICT (phone) DO UPDATE SET updated_at = now()
       RETURNING id),
     i AS (
       INSERT INTO ${s}.customer_identities (channel, external_id, customer_id)
       SELECT $2, $1, id FROM c ON CONFLICT DO NOTHING)
     SELECT id FROM c`,
    [phone, channel],
  );
  return rows[0]!.id;
}

/** A bounded cache of (tenant, phone) -> customer id, to keep one round trip off the ingress path. */
export class CustomerCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly max = 50_000) {}

  async resolve(
    q: Queryable,
    tenant: string,
    schema: TenantSchema,
    phone: string,
    channel: string,
  ): Promise<number> {
    const key = `${tenant}\u0000${phone}\u0000${channel}`;
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const id = await customerByPhone(q, schema, phone, channel);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, id);
    return id;
  }

  /** Drop everything of a tenant (e.g. after its data was deleted or merged). */
  clear(): void {
    this.map.clear();
  }
}
