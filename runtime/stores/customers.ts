import { Batcher, type BatcherOptions } from '../db/batcher';
import type { Database } from '../db/database';
import { ident, type Queryable, type TenantSchema } from '../../contract';

export interface CustomerIdentity {
  /** E.164. */
  phone: string;
  /** The channel the phone was seen on ('whatsapp', 'voice', ...): one identity row each. */
  channel: string;
}

/**
 * Resolves (creating if needed) the customers behind channel identities, in one statement, in
 * the order given. Phones are the identity that joins channels: a WhatsApp wa_id and a caller id
 * of the same number are one customer.
 */
export async function upsertCustomers(
  q: Queryable,
  schema: TenantSchema,
  identities: readonly CustomerIdentity[],
): Promise<number[]> {
  const s = ident(schema);
  // Phones sorted: two batches upserting the same customers lock them in the same order.
  const { rows } = await q.query<{ id: number; phone: string }>(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(phone text, channel text)),
     c AS (
       INSERT INTO ${s}.customers (phone) SELECT DISTINCT phone FROM x ORDER BY phone
       ON CONFLICT (phone) DO UPDATE SET updated_at = now()
       RETURNING id, phone),
     i AS (
       INSERT INTO ${s}.customer_identities (channel, external_id, customer_id)
       SELECT DISTINCT x.channel, x.phone, c.id FROM x JOIN c USING (phone)
       ON CONFLICT DO NOTHING)
     SELECT id, phone FROM c`,
    [JSON.stringify(identities)],
  );
  const ids = new Map(rows.map((r) => [r.phone, r.id]));
  return identities.map((i) => ids.get(i.phone)!);
}

export async function customerByPhone(
  q: Queryable,
  schema: TenantSchema,
  phone: string,
  channel: string,
): Promise<number> {
  const [id] = await upsertCustomers(q, schema, [{ phone, channel }]);
  return id!;
}

/** Gives a customer a name when they have none yet (a booking the salon made for them). */
export async function nameCustomer(
  q: Queryable,
  schema: TenantSchema,
  customerId: number,
  name: string,
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.customers SET display_name = $2, updated_at = now()
     WHERE id = $1 AND (display_name IS NULL OR display_name = '')`,
    [customerId, name],
  );
}

/**
 * Customer id -> phone, per database: a customer's phone never changes once set (merges only
 * fill it in), so whoever learns it (the ingress resolving a sender, a sender looking it up)
 * remembers it for the senders. Keyed by connection string: two test databases never mix.
 */
const phoneBooks = new Map<string, Map<string, string>>();
const MAX_PHONES = 50_000;

function phoneBook(db: Database): Map<string, string> {
  let book = phoneBooks.get(db.options.connectionString);
  if (!book) phoneBooks.set(db.options.connectionString, (book = new Map<string, string>()));
  return book;
}

export function knownPhone(db: Database, schema: TenantSchema, customerId: number) {
  return phoneBook(db).get(`${schema}/${customerId}`);
}

export function rememberPhone(
  db: Database,
  schema: TenantSchema,
  customerId: number,
  phone: string,
): void {
  const book = phoneBook(db);
  const key = `${schema}/${customerId}`;
  if (book.has(key)) return;
  if (book.size >= MAX_PHONES) book.delete(book.keys().next().value!);
  book.set(key, phone);
}

/**
 * (tenant, phone, channel) -> customer id, cached (a customer's id never changes) and, on a miss,
 * resolved by a group upsert shared with the other misses of the moment: a burst of first
 * contacts costs a few statements, not one each. Keeps a round trip off the ingress path.
 */
export class CustomerDirectory {
  private readonly cache = new Map<string, number>();
  private readonly batcher: Batcher<
    CustomerIdentity & { schema: TenantSchema },
    number,
    TenantSchema
  >;

  constructor(
    private readonly db: Database,
    opts: BatcherOptions = { maxBatch: 256, concurrency: 2 },
    private readonly max = 50_000,
  ) {
    this.batcher = new Batcher(
      (i) => i.schema,
      (schema, items) => upsertCustomers(db, schema, items),
      opts,
    );
  }

  async resolve(schema: TenantSchema, phone: string, channel: string): Promise<number> {
    const key = `${schema}\u0000${phone}\u0000${channel}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const id = await this.batcher.submit({ schema, phone, channel });
    rememberPhone(this.db, schema, id, phone);
    if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, id);
    return id;
  }
}
