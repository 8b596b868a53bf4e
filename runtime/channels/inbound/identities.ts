import type { Logger } from '../../logger';
import type { Database } from '../../db/database';
import { ident, type TenantSchema } from '../../../contract';
import { normalizePhone } from '../../mailbox/phone';

/**
 * Instagram and Messenger customers are known by a page-scoped id, not a phone number. Each
 * `(channel, '<accountId>:<senderId>')` is a row of `customer_identities` pointing at a customer
 * whose phone is NULL, until the customer writes a phone number. Then, deterministically:
 *
 * 1. The customer already has a phone: nothing changes (the first number given wins; a number
 *    written later is just text, e.g. a friend's).
 * 2. Another customer has that phone (they wrote on WhatsApp or called before): that customer
 *    survives. Every identity of the identity-only customer moves to it, and the identity-only
 *    row gets `merged_into` = the survivor (its thread history stays where it is). From this
 *    message on, the Instagram/Messenger conversation is the survivor's thread.
 * 3. Nobody has that phone: the identity-only customer takes it (and keeps its thread), so a
 *    later WhatsApp message or call from that number lands on the same actor.
 *
 * Concurrent claims of one phone serialize on the phone's unique index: the loser retries and
 * falls into case 2.
 */
export type MergeOutcome =
  | { kind: 'unchanged'; customerId: number }
  | { kind: 'merged'; customerId: number; from: number }
  | { kind: 'phone_set'; customerId: number };

export async function customerByIdentity(
  db: Database,
  schema: TenantSchema,
  channel: string,
  externalId: string,
): Promise<number> {
  const s = ident(schema);
  for (let i = 0; i < 3; i++) {
    const { rows } = await db.query<{ customer_id: number }>(
      `WITH found AS (
         SELECT customer_id FROM ${s}.customer_identities WHERE channel = $1 AND external_id = $2),
       c AS (
         INSERT INTO ${s}.customers (phone) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM found)
         RETURNING id),
       i AS (
         INSERT INTO ${s}.customer_identities (channel, external_id, customer_id)
         SELECT $1, $2, id FROM c ON CONFLICT DO NOTHING RETURNING customer_id)
       SELECT customer_id FROM found UNION ALL SELECT customer_id FROM i`,
      [channel, externalId],
    );
    if (rows[0]) return Number(rows[0].customer_id);
    // Lost a race with another delivery of the same sender: its identity row exists now.
  }
  throw new Error('customer identity could not be resolved');
}

/** A phone number written in a message ("0712 345 678", "+254712345678"), in E.164. */
export function phoneInText(text: string): string | undefined {
  for (const m of text.matchAll(/\+?\(?\d[\d\s().-]{7,16}\d/g)) {
    const digits = m[0].replace(/[\s().-]/g, '');
    // International (+...), national (0 and nine digits) or 254... without the plus; not dates.
    if (!/^(\+\d{8,15}|0\d{9}|254\d{9})$/.test(digits)) continue;
    const phone = normalizePhone(digits);
    if (phone) return phone;
  }
  return undefined;
}

/**
 * The customer an Instagram / Messenger sender's words belong to: their identity's customer, or,
 * when the words carry a phone number (typed, or spoken in a voice note), the customer the
 * identity is merged into by the rules above.
 */
export async function customerOfWords(
  db: Database,
  schema: TenantSchema,
  channel: string,
  externalId: string,
  text: string,
  log: Logger,
): Promise<number> {
  const phone = phoneInText(text);
  if (!phone) return customerByIdentity(db, schema, channel, externalId);
  await customerByIdentity(db, schema, channel, externalId); // a first message may carry it
  const merged = await mergeIdentityByPhone(db, schema, channel, externalId, phone);
  if (merged.kind === 'merged')
    log.info({ schema, channel, into: merged.customerId }, 'identity merged');
  return merged.customerId;
}

export async function mergeIdentityByPhone(
  db: Database,
  schema: TenantSchema,
  channel: string,
  externalId: string,
  phone: string,
): Promise<MergeOutcome> {
  const s = ident(schema);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const { rows: own } = await tx.query<{ id: number; phone: string | null }>(
          `SELECT c.id, c.phone FROM ${s}.customer_identities i
           JOIN ${s}.customers c ON c.id = i.customer_id
           WHERE i.channel = $1 AND i.external_id = $2 FOR UPDATE OF c`,
          [channel, externalId],
        );
        const me = own[0];
        if (!me) throw new Error('unknown identity');
        const myId = Number(me.id);
        if (me.phone !== null) return { kind: 'unchanged', customerId: myId } as const;
        const { rows: other } = await tx.query<{ id: number }>(
          `SELECT id FROM ${s}.customers WHERE phone = $1 FOR UPDATE`,
          [phone],
        );
        const survivor = other[0] ? Number(other[0].id) : undefined;
        if (survivor === undefined) {
          await tx.query(`UPDATE ${s}.customers SET phone = $2, updated_at = now() WHERE id = $1`, [
            myId,
            phone,
          ]);
          return { kind: 'phone_set', customerId: myId } as const;
        }
        await tx.query(
          `UPDATE ${s}.customer_identities SET customer_id = $2 WHERE customer_id = $1`,
          [myId, survivor],
        );
        await tx.query(
          `UPDATE ${s}.customers SET merged_into = $2, updated_at = now() WHERE id = $1`,
          [myId, survivor],
        );
        return { kind: 'merged', customerId: survivor, from: myId } as const;
      });
    } catch (err) {
      const unique = (err as { code?: string }).code === '23505';
      if (!unique || attempt >= 2) throw err;
    }
  }
}
