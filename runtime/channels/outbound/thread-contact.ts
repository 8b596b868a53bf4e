import type { Database } from '../../db/database';
import { ident, queryOne, RatibaError, type TenantSchema } from '../../../contract';
import { knownPhone, rememberPhone } from '../../stores/customers';
import { customerIdOf } from '../../supervisor/thread-key';

/** The phone number (E.164) of a thread's customer; throws (final) when it has none. */
export async function phoneOf(
  db: Database,
  schema: TenantSchema,
  threadKey: string,
): Promise<string> {
  const phone = await maybePhoneOf(db, schema, threadKey);
  if (!phone)
    throw new RatibaError('provider_error', `thread ${threadKey} has no phone number to write to`);
  return phone;
}

/** The phone of a thread's customer, if it has one (remembered: it never changes once set). */
export async function maybePhoneOf(
  db: Database,
  schema: TenantSchema,
  threadKey: string,
): Promise<string | undefined> {
  const customerId = customerIdOf(threadKey);
  if (customerId === null) return undefined;
  const known = knownPhone(db, schema, customerId);
  if (known) return known;
  const phone = await queryOne(
    db,
    `SELECT phone FROM ${ident(schema)}.customers WHERE id = $1`,
    [customerId],
    (r: { phone: string | null }) => r.phone ?? undefined,
  );
  if (phone) rememberPhone(db, schema, customerId, phone);
  return phone;
}

/**
 * The thread customer's id on an Instagram / Messenger account (the most recent one, when the
 * customer wrote from several): `<accountId>:<senderId>` in `customer_identities`.
 */
export async function metaIdentityOf(
  db: Database,
  schema: TenantSchema,
  threadKey: string,
  channel: 'instagram' | 'messenger',
): Promise<{ accountId: string; senderId: string }> {
  const id = await queryOne(
    db,
    `SELECT external_id FROM ${ident(schema)}.customer_identities
     WHERE customer_id = $1 AND channel = $2 ORDER BY created_at DESC LIMIT 1`,
    [customerIdOf(threadKey), channel],
    (r: { external_id: string }) => r.external_id,
  );
  const sep = id?.indexOf(':') ?? -1;
  if (!id || sep < 0)
    throw new RatibaError('provider_error', `thread ${threadKey} has no ${channel} identity`);
  return { accountId: id.slice(0, sep), senderId: id.slice(sep + 1) };
}
