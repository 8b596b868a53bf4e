/**
 * The payments table: one row per payment request, keyed by the outbox effect's idempotency key.
 * This module is its only writer.
 */
import type { Queryable } from '../../contract';
import { ident, queryOne, queryRows, type TenantSchema } from '../../contract';
import type { PaymentFailure, PaymentProviderName } from '../../contract';

export type PaymentRowStatus = 'requesting' | 'pending' | 'unknown' | 'paid' | 'failed' | 'expired';

export interface PaymentRecord {
  id: number;
  appointmentId: number;
  threadKey: string;
  provider: PaymentProviderName;
  amountMinor: number;
  currency: string;
  msisdn: string | null;
  idempotencyKey: string;
  status: PaymentRowStatus;
  pushStarted: boolean;
  checkoutId: string | null;
  redirectUrl: string | null;
  reason: string | null;
  receipt: string | null;
  /** The receipt a callback claimed (kept until the query confirms it). */
  callbackReceipt: string | null;
  createdMs: number;
}

interface Row {
  id: number;
  appointment_id: number;
  thread_key: string;
  provider: PaymentProviderName;
  amount_minor: number;
  currency: string;
  msisdn: string | null;
  idempotency_key: string;
  status: PaymentRowStatus;
  push_started_at: Date | null;
  checkout_id: string | null;
  redirect_url: string | null;
  reason: string | null;
  receipt: string | null;
  callback_receipt: string | null;
  created_at: Date;
}

const COLUMNS = `id, appointment_id, thread_key, provider, amount_minor, currency, msisdn,
  idempotency_key, status, push_started_at, checkout_id, redirect_url, reason, receipt,
  callback->>'receipt' AS callback_receipt, created_at`;

const record = (r: Row): PaymentRecord => ({
  id: Number(r.id),
  appointmentId: Number(r.appointment_id),
  threadKey: r.thread_key,
  provider: r.provider,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  msisdn: r.msisdn,
  idempotencyKey: r.idempotency_key,
  status: r.status,
  pushStarted: r.push_started_at !== null,
  checkoutId: r.checkout_id,
  redirectUrl: r.redirect_url,
  reason: r.reason,
  receipt: r.receipt,
  callbackReceipt: r.callback_receipt,
  createdMs: r.created_at.getTime(),
});

export const OPEN_PAYMENT: readonly PaymentRowStatus[] = ['requesting', 'pending', 'unknown'];

/**
 * The request of this idempotency key, created (status `requesting`, in flight from now) when it
 * is new. `created` false: an earlier run of the same effect made it.
 */
export async function beginPayment(
  q: Queryable,
  schema: TenantSchema,
  p: {
    appointmentId: number;
    threadKey: string;
    provider: PaymentProviderName;
    amountMinor: number;
    idempotencyKey: string;
    now: number;
  },
): Promise<{ payment: PaymentRecord; created: boolean }> {
  const s = ident(schema);
  const { rows } = await q.query<Row & { created: boolean }>(
    `WITH ins AS (
       INSERT INTO ${s}.payments (appointment_id, thread_key, provider, amount_minor,
         idempotency_key, push_started_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}, true AS created)
     SELECT * FROM ins
     UNION ALL
     SELECT ${COLUMNS}, false AS created FROM ${s}.payments
     WHERE idempotency_key = $5 AND NOT EXISTS (SELECT 1 FROM ins)`,
    [p.appointmentId, p.threadKey, p.provider, p.amountMinor, p.idempotencyKey, new Date(p.now)],
  );
  const row = rows[0]!;
  return { payment: record(row), created: row.created };
}

/** The provider accepted the request. */
export async function markPending(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  accepted: { checkoutId: string; merchantRef?: string; msisdn?: string; redirectUrl?: string },
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.payments
     SET status = 'pending', checkout_id = $2, merchant_ref = $3, msisdn = $4, redirect_url = $5,
         push_started_at = NULL, updated_at = now()
     WHERE id = $1 AND status IN ('requesting', 'unknown')`,
    [
      id,
      accepted.checkoutId,
      accepted.merchantRef ?? null,
      accepted.msisdn ?? null,
      accepted.redirectUrl ?? null,
    ],
  );
}

/** The provider answered with a refusal: nothing went out, the request may be tried again. */
export async function markNotSent(q: Queryable, schema: TenantSchema, id: number): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.payments SET push_started_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'requesting'`,
    [id],
  );
}

/** The request may have gone out but its answer was lost: it is never sent again. */
export async function markUnknown(q: Queryable, schema: TenantSchema, id: number): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.payments SET status = 'unknown', updated_at = now()
     WHERE id = $1 AND status = 'requesting'`,
    [id],
  );
}

/** Settles an open payment; false when it was already settled (a duplicate is a no-op). */
export async function settlePayment(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  outcome:
    | { status: 'paid'; receipt: string | null; resultCode?: number }
    | { status: 'failed'; reason: PaymentFailure | 'request_refused'; resultCode?: number },
  now: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE ${ident(schema)}.payments
     SET status = $2, receipt = $3, reason = $4, result_code = $5, settled_at = $6,
         push_started_at = NULL, updated_at = now()
     WHERE id = $1 AND status IN ('requesting', 'pending', 'unknown')`,
    [
      id,
      outcome.status,
      outcome.status === 'paid' ? outcome.receipt : null,
      outcome.status === 'failed' ? outcome.reason : null,
      outcome.resultCode ?? null,
      new Date(now),
    ],
  );
  return (rowCount ?? 0) > 0;
}

/** Keeps the first callback of a request (later ones are replays); false when one was kept. */
export async function recordCallback(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  callback: Record<string, unknown>,
  now: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE ${ident(schema)}.payments SET callback = $2, callback_at = $3, updated_at = now()
     WHERE id = $1 AND callback IS NULL`,
    [id, JSON.stringify(callback), new Date(now)],
  );
  return (rowCount ?? 0) > 0;
}

export async function paymentByCheckout(
  q: Queryable,
  schema: TenantSchema,
  checkoutId: string,
): Promise<PaymentRecord | undefined> {
  return queryOne(
    q,
    `SELECT ${COLUMNS} FROM ${ident(schema)}.payments WHERE checkout_id = $1`,
    [checkoutId],
    record,
  );
}

/** The latest request of an appointment. */
export async function latestPayment(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
): Promise<PaymentRecord | undefined> {
  return queryOne(
    q,
    `SELECT ${COLUMNS} FROM ${ident(schema)}.payments
     WHERE appointment_id = $1 ORDER BY id DESC LIMIT 1`,
    [appointmentId],
    record,
  );
}

/** The paid request of an appointment, if any. */
export async function paidPayment(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
): Promise<PaymentRecord | undefined> {
  return queryOne(
    q,
    `SELECT ${COLUMNS} FROM ${ident(schema)}.payments
     WHERE appointment_id = $1 AND status = 'paid' ORDER BY id DESC LIMIT 1`,
    [appointmentId],
    record,
  );
}

/** Requests still open after `olderThanMs` (the reaper reconciles them). */
export async function openPayments(
  q: Queryable,
  schema: TenantSchema,
  olderThanMs: number,
  limit = 200,
): Promise<PaymentRecord[]> {
  return queryRows(
    q,
    `SELECT ${COLUMNS} FROM ${ident(schema)}.payments
     WHERE status IN ('requesting', 'pending', 'unknown') AND created_at < $1
     ORDER BY created_at LIMIT $2`,
    [new Date(olderThanMs), limit],
    record,
  );
}

/**
 * Marks a request that is about to be sent again (its previous try was answered with a refusal
 * worth retrying). False when another run got there first or it is no longer `requesting`.
 */
export async function restartRequest(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  now: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE ${ident(schema)}.payments SET push_started_at = $2, updated_at = now()
     WHERE id = $1 AND status = 'requesting' AND push_started_at IS NULL`,
    [id, new Date(now)],
  );
  return (rowCount ?? 0) > 0;
}
