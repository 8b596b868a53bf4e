/** The refunds table: one refund per paid request, tracked until done. Its only writer. */
import type { Queryable } from '../../contract';
import { ident, queryOne, queryRows, type TenantSchema } from '../../contract';

export type RefundMethod = 'reversal' | 'b2c' | 'pesapal' | 'manual';
export type RefundStatus = 'requested' | 'submitted' | 'done' | 'failed' | 'manual';

export interface RefundRecord {
  id: number;
  paymentId: number;
  appointmentId: number;
  amountMinor: number;
  method: RefundMethod;
  status: RefundStatus;
  providerRef: string | null;
  reason: string | null;
}

interface Row {
  id: number;
  payment_id: number;
  appointment_id: number;
  amount_minor: number;
  method: RefundMethod;
  status: RefundStatus;
  provider_ref: string | null;
  reason: string | null;
}

const record = (r: Row): RefundRecord => ({
  id: Number(r.id),
  paymentId: Number(r.payment_id),
  appointmentId: Number(r.appointment_id),
  amountMinor: Number(r.amount_minor),
  method: r.method,
  status: r.status,
  providerRef: r.provider_ref,
  reason: r.reason,
});

/** The refund of a payment, created when new (a re-run finds the one it made). */
export async function beginRefund(
  q: Queryable,
  schema: TenantSchema,
  r: { paymentId: number; appointmentId: number; amountMinor: number; method: RefundMethod },
): Promise<{ refund: RefundRecord; created: boolean }> {
  const s = ident(schema);
  const { rows } = await q.query<Row & { created: boolean }>(
    `WITH ins AS (
       INSERT INTO ${s}.refunds (payment_id, appointment_id, amount_minor, method)
       VALUES ($1, $2, $3, $4) ON CONFLICT (payment_id) DO NOTHING RETURNING *, true AS created)
     SELECT * FROM ins
     UNION ALL
     SELECT *, false AS created FROM ${s}.refunds
     WHERE payment_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
    [r.paymentId, r.appointmentId, r.amountMinor, r.method],
  );
  const row = rows[0]!;
  return { refund: record(row), created: row.created };
}

export async function updateRefund(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  change: { status: RefundStatus; method?: RefundMethod; providerRef?: string; reason?: string },
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.refunds
     SET status = $2, method = coalesce($3, method), provider_ref = coalesce($4, provider_ref),
         reason = coalesce($5, reason), updated_at = now(),
         done_at = CASE WHEN $2 = 'done' THEN now() ELSE done_at END
     WHERE id = $1`,
    [id, change.status, change.method ?? null, change.providerRef ?? null, change.reason ?? null],
  );
}

export async function refundOf(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
): Promise<RefundRecord | undefined> {
  return queryOne(
    q,
    `SELECT * FROM ${ident(schema)}.refunds WHERE appointment_id = $1 ORDER BY id DESC LIMIT 1`,
    [appointmentId],
    record,
  );
}

export async function refundById(
  q: Queryable,
  schema: TenantSchema,
  id: number,
): Promise<RefundRecord | undefined> {
  return queryOne(q, `SELECT * FROM ${ident(schema)}.refunds WHERE id = $1`, [id], record);
}

/**
 * The owner carried out a manual refund task: done, by whom, with their reference note. Only a `manual` task can be marked
 * (an automatic refund is settled by its provider); the reason comes back otherwise.
 */
export async function markRefundDone(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  doneBy: string | null,
  note: string | null = null,
): Promise<{ ok: true; refund: RefundRecord } | { ok: false; reason: string }> {
  const { rows } = await q.query<Row>(
    `UPDATE ${ident(schema)}.refunds
     SET status = 'done', done_at = now(), done_by = $2, done_note = $3, updated_at = now()
     WHERE id = $1 AND status = 'manual' RETURNING *`,
    [id, doneBy, note],
  );
  if (rows[0]) return { ok: true, refund: record(rows[0]) };
  const r = await refundById(q, schema, id);
  if (!r) return { ok: false, reason: 'no_such_refund' };
  return { ok: false, reason: r.status === 'done' ? 'refund_already_done' : 'refund_automatic' };
}

export interface RefundTask extends RefundRecord {
  currency: string;
  customerName: string | null;
  customerPhone: string | null;
  receipt: string | null;
  createdAt: string;
  doneAt: string | null;
  doneBy: string | null;
  /** What the owner or operator wrote when marking it done (a reference), if anything. */
  doneNote: string | null;
  serviceName: string;
  startAt: string;
}

interface TaskRow extends Row {
  currency: string;
  display_name: string | null;
  phone: string | null;
  receipt: string | null;
  created_at: Date;
  done_at: Date | null;
  done_by: string | null;
  done_note: string | null;
  service_name: string;
  start_at: Date;
}

/** Refunds for the console: open ones first, then the latest done. */
export async function listRefunds(
  q: Queryable,
  schema: TenantSchema,
  limit = 100,
): Promise<RefundTask[]> {
  const s = ident(schema);
  return queryRows(
    q,
    `SELECT r.*, p.receipt, c.display_name, c.phone, sv.name_en AS service_name, a.start_at
     FROM ${s}.refunds r
     JOIN ${s}.payments p ON p.id = r.payment_id
     JOIN ${s}.appointments a ON a.id = r.appointment_id
     JOIN ${s}.services sv ON sv.id = a.service_id
     JOIN ${s}.customers c ON c.id = a.customer_id
     ORDER BY (r.status IN ('manual', 'requested', 'submitted')) DESC, r.id DESC LIMIT $1`,
    [Math.min(Math.max(1, limit), 500)],
    (r: TaskRow): RefundTask => ({
      ...record(r),
      currency: r.currency,
      customerName: r.display_name,
      customerPhone: r.phone,
      receipt: r.receipt,
      createdAt: r.created_at.toISOString(),
      doneAt: r.done_at?.toISOString() ?? null,
      doneBy: r.done_by,
      doneNote: r.done_note,
      serviceName: r.service_name,
      startAt: r.start_at.toISOString(),
    }),
  );
}

/** The refund a provider's asynchronous result is about (Daraja's ConversationID). */
export async function refundByProviderRef(
  q: Queryable,
  schema: TenantSchema,
  providerRef: string,
): Promise<(RefundRecord & { status: RefundStatus }) | undefined> {
  return queryOne(
    q,
    `SELECT * FROM ${ident(schema)}.refunds WHERE provider_ref = $1 ORDER BY id DESC LIMIT 1`,
    [providerRef],
    record,
  );
}

/** Settles a submitted refund once; false when it was not (or no longer) waiting. */
export async function settleRefund(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  outcome: { status: 'done' } | { status: 'manual'; reason: string },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE ${ident(schema)}.refunds
     SET status = $2, reason = coalesce($3, reason), updated_at = now(),
         method = CASE WHEN $2 = 'manual' THEN 'manual' ELSE method END,
         done_at = CASE WHEN $2 = 'done' THEN now() ELSE done_at END
     WHERE id = $1 AND status = 'submitted'`,
    [id, outcome.status, outcome.status === 'manual' ? outcome.reason : null],
  );
  return (rowCount ?? 0) > 0;
}

/** Submitted refunds waiting for their provider, oldest first, with the payment they return. */
export async function submittedRefunds(
  q: Queryable,
  schema: TenantSchema,
  limit = 200,
): Promise<(RefundRecord & { submittedMs: number; checkoutId: string | null })[]> {
  const s = ident(schema);
  return queryRows(
    q,
    `SELECT r.*, p.checkout_id FROM ${s}.refunds r JOIN ${s}.payments p ON p.id = r.payment_id
     WHERE r.status = 'submitted' ORDER BY r.updated_at LIMIT $1`,
    [limit],
    (r: Row & { updated_at: Date; checkout_id: string | null }) => ({
      ...record(r),
      submittedMs: r.updated_at.getTime(),
      checkoutId: r.checkout_id,
    }),
  );
}
