/**
 * Refunds for the console's refund-tasks tests (issue 13): a cancelled paid booking of the demo
 * salon and its refund, written with the booking domain's own repo functions (as the refund
 * service does), in the state the test needs (a manual task, done, or an automatic one waiting).
 */
import { beginRefund, updateRefund, type RefundMethod, type RefundStatus } from '../booking';
import { ident, type Queryable, type TenantSchema } from '../contract';
import { customerByPhone, nameCustomer } from '../runtime/stores/customers';

export interface SeededRefund {
  id: number;
  appointmentId: number;
}

export async function seedRefund(
  q: Queryable,
  schema: TenantSchema,
  r: {
    phone: string;
    name?: string;
    amountMinor: number;
    startMs: number;
    status: RefundStatus;
    method?: RefundMethod;
    reason?: string;
  },
): Promise<SeededRefund> {
  const s = ident(schema);
  const customerId = await customerByPhone(q, schema, r.phone, 'whatsapp');
  if (r.name) await nameCustomer(q, schema, customerId, r.name);
  const { rows: pick } = await q.query<{ staff_id: string; service_id: string }>(
    `SELECT staff_id, service_id FROM ${s}.staff_services ORDER BY service_id, staff_id LIMIT 1`,
  );
  const { staff_id, service_id } = pick[0]!;
  const start = new Date(r.startMs);
  const end = new Date(r.startMs + 3_600_000);
  const { rows: appt } = await q.query<{ id: string }>(
    `INSERT INTO ${s}.appointments (customer_id, staff_id, service_id, start_at, end_at,
       buffer_end_at, status, source_channel, price_kes_minor, cancelled_at)
     VALUES ($1, $2, $3, $4, $5, $5, 'cancelled', 'whatsapp', $6, now()) RETURNING id`,
    [customerId, staff_id, service_id, start, end, r.amountMinor],
  );
  const appointmentId = Number(appt[0]!.id);
  const { rows: pay } = await q.query<{ id: string }>(
    `INSERT INTO ${s}.payments (appointment_id, thread_key, provider, amount_minor, msisdn,
       idempotency_key, status, receipt, settled_at)
     VALUES ($1, $2, 'mpesa', $3, $4, $5, 'paid', $6, now()) RETURNING id`,
    [
      appointmentId,
      `c:${customerId}`,
      r.amountMinor,
      r.phone.replace('+', ''),
      `seed-${appointmentId}`,
      `SEED${appointmentId}`,
    ],
  );
  const method = r.method ?? 'manual';
  const { refund } = await beginRefund(q, schema, {
    paymentId: Number(pay[0]!.id),
    appointmentId,
    amountMinor: r.amountMinor,
    method,
  });
  await updateRefund(q, schema, refund.id, {
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
  });
  return { id: refund.id, appointmentId };
}
