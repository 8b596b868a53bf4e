/**
 * The money of bookings as customers and the console see it (`AppointmentPayment`): what was
 * asked up front, what was paid, and where a refund stands. Reads only.
 */
import type { AppointmentPayment, Queryable } from '../../contract';
import { ident, type TenantSchema } from '../../contract';
import { toIsoInZone } from '../wall-clock';

interface Row {
  appointment_id: string;
  status: string;
  hold_expires_at: Date | null;
  payment_waived: boolean;
  provider: string | null;
  amount_minor: string | null;
  pay_status: string | null;
  receipt: string | null;
  refund_status: string | null;
  refund_minor: string | null;
}

/** The latest payment request of each appointment that has one, with its refund. */
export async function paymentsOfAppointments(
  q: Queryable,
  schema: TenantSchema,
  appointmentIds: readonly number[],
  timezone: string,
): Promise<Map<number, AppointmentPayment>> {
  const out = new Map<number, AppointmentPayment>();
  if (appointmentIds.length === 0) return out;
  const s = ident(schema);
  const { rows } = await q.query<Row>(
    `SELECT a.id AS appointment_id, a.status, a.hold_expires_at, a.payment_waived,
            p.provider, p.amount_minor, p.status AS pay_status, p.receipt,
            r.status AS refund_status, r.amount_minor AS refund_minor
     FROM ${s}.appointments a
     JOIN LATERAL (SELECT * FROM ${s}.payments x WHERE x.appointment_id = a.id
                   ORDER BY (x.status = 'paid') DESC, x.id DESC LIMIT 1) p ON true
     LEFT JOIN ${s}.refunds r ON r.payment_id = p.id
     WHERE a.id = ANY ($1::bigint[])`,
    [appointmentIds],
  );
  for (const r of rows) {
    // A hold that ended unpaid (expired, given up) carries no money to show.
    if (r.pay_status !== 'paid' && !r.payment_waived && r.status !== 'pending_payment') continue;
    out.set(Number(r.appointment_id), paymentOf(r, timezone));
  }
  return out;
}

function paymentOf(r: Row, timezone: string): AppointmentPayment {
  const amount = Number(r.amount_minor ?? 0);
  const paid = r.pay_status === 'paid';
  const state: AppointmentPayment['state'] =
    r.refund_status === 'done'
      ? 'refunded'
      : r.refund_status && r.refund_status !== 'failed'
        ? 'refund_pending'
        : paid
          ? 'paid'
          : r.payment_waived
            ? 'waived'
            : 'due';
  return {
    provider: r.provider === 'pesapal' ? 'pesapal' : 'mpesa',
    currency: 'KES',
    dueMinor: amount,
    paidMinor: paid ? amount : 0,
    state,
    ...(r.refund_minor ? { refundMinor: Number(r.refund_minor) } : {}),
    ...(r.status === 'pending_payment' && r.hold_expires_at
      ? { holdExpiresAt: toIsoInZone(r.hold_expires_at.getTime(), timezone) }
      : {}),
    ...(paid && r.receipt ? { receipt: r.receipt } : {}),
  };
}
