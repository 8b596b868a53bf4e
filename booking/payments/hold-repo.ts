/**
 * The appointment side of payments: holds (`pending_payment` appointments) and what ends them.
 * Every function takes a Queryable (a pool or a transaction). A hold whose expiry passed still
 * counts for the exclusion constraint until it is turned `expired` here, so writers of a staff
 * member's schedule expire that staff member's old holds first (under the schedule lock).
 */
import type { Queryable } from '../../contract';
import { ident, queryOne, type TenantSchema } from '../../contract';

export interface HeldAppointment {
  id: number;
  customerId: number;
  phone: string | null;
  threadKey: string | null;
  serviceId: string;
  staffId: string;
  status: string;
  startMs: number;
  priceKesMinor: number;
  holdExpiresMs: number | null;
  paymentWaived: boolean;
  cancelledMs: number | null;
}

interface Row {
  id: number;
  customer_id: number;
  phone: string | null;
  thread_key: string | null;
  service_id: string;
  staff_id: string;
  status: string;
  start_at: Date;
  price_kes_minor: number;
  hold_expires_at: Date | null;
  payment_waived: boolean;
  cancelled_at: Date | null;
}

/** The appointment a payment is for, with the customer's phone; locked when `forUpdate`. */
export async function loadForPayment(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
  forUpdate = false,
): Promise<HeldAppointment | undefined> {
  const s = ident(schema);
  return queryOne(
    q,
    `SELECT a.id, a.customer_id, c.phone, a.thread_key, a.service_id, a.staff_id, a.status,
            a.start_at, a.price_kes_minor, a.hold_expires_at, a.payment_waived, a.cancelled_at
     FROM ${s}.appointments a JOIN ${s}.customers c ON c.id = a.customer_id
     WHERE a.id = $1 ${forUpdate ? 'FOR UPDATE OF a' : ''}`,
    [appointmentId],
    (r: Row): HeldAppointment => ({
      id: Number(r.id),
      customerId: Number(r.customer_id),
      phone: r.phone,
      threadKey: r.thread_key,
      serviceId: r.service_id,
      staffId: r.staff_id,
      status: r.status,
      startMs: r.start_at.getTime(),
      priceKesMinor: Number(r.price_kes_minor),
      holdExpiresMs: r.hold_expires_at?.getTime() ?? null,
      paymentWaived: r.payment_waived,
      cancelledMs: r.cancelled_at?.getTime() ?? null,
    }),
  );
}

/**
 * Turns holds past their expiry into `expired` (all of them, or one staff member's, or one
 * appointment) and expires their open payment requests. Returns the appointments expired.
 */
export async function expireHolds(
  q: Queryable,
  schema: TenantSchema,
  filter: { now: number; staffIds?: readonly string[]; appointmentId?: number },
): Promise<number[]> {
  const s = ident(schema);
  const { rows } = await q.query<{ id: number }>(
    `UPDATE ${s}.appointments SET status = 'expired', hold_expires_at = NULL, updated_at = now()
     WHERE status = 'pending_payment' AND hold_expires_at <= $1
       AND ($2::text[] IS NULL OR staff_id = ANY ($2::text[]))
       AND ($3::bigint IS NULL OR id = $3::bigint)
     RETURNING id`,
    [new Date(filter.now), filter.staffIds ?? null, filter.appointmentId ?? null],
  );
  const ids = rows.map((r) => Number(r.id));
  if (ids.length > 0) await expireOpenPayments(q, schema, ids, filter.now);
  return ids;
}

/** The customer gave up: the hold ends now (whatever its expiry). */
export async function releaseHold(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
  now: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE ${ident(schema)}.appointments
     SET status = 'expired', hold_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'pending_payment'`,
    [appointmentId],
  );
  await expireOpenPayments(q, schema, [appointmentId], now);
  return (rowCount ?? 0) > 0;
}

/** The hold becomes a booking (paid, or to be paid at the salon). False when it was gone. */
export function confirmHold(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
  options: { now: number; waived: boolean },
): Promise<boolean> {
  return updateLiveHold(q, schema, appointmentId, options.now, {
    set: `status = 'booked', hold_expires_at = NULL, payment_waived = $3`,
    values: [options.waived],
  });
}

/** A retry of a payment keeps the slot at least until `untilMs` (never shortens it). */
export function extendHold(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
  options: { now: number; untilMs: number },
): Promise<boolean> {
  return updateLiveHold(q, schema, appointmentId, options.now, {
    set: `hold_expires_at = greatest(hold_expires_at, $3)`,
    values: [new Date(options.untilMs)],
  });
}

/**
 * Applies `change.set` (its parameters from $3 on) to a hold that has not expired at `now`.
 * False when the appointment is no longer a live hold.
 */
async function updateLiveHold(
  q: Queryable,
  schema: TenantSchema,
  appointmentId: number,
  now: number,
  change: { set: string; values: readonly unknown[] },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE ${ident(schema)}.appointments SET ${change.set}, updated_at = now()
     WHERE id = $1 AND status = 'pending_payment' AND hold_expires_at > $2`,
    [appointmentId, new Date(now), ...change.values],
  );
  return (rowCount ?? 0) > 0;
}

/** Expires the open requests of these appointments (their holds ended). */
export async function expireOpenPayments(
  q: Queryable,
  schema: TenantSchema,
  appointmentIds: readonly number[],
  now: number,
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.payments
     SET status = 'expired', reason = coalesce(reason, 'hold_expired'), settled_at = $2,
         updated_at = now()
     WHERE appointment_id = ANY ($1::bigint[]) AND status IN ('requesting', 'pending', 'unknown')`,
    [appointmentIds, new Date(now)],
  );
}
