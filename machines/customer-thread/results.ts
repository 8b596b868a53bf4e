import type { AppointmentPayment, AppointmentSummary, PaymentStatus, Slot } from '../../contract';
import type { CustomerThreadEvent } from './types';

/**
 * Reading call results. They are JSON from the runtime (journaled, possibly from an older build),
 * so each one is checked before the machine relies on it; a malformed result reads as null.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The result of a `call.result` of `kind`, or null for any other event. */
export function resultOf(event: CustomerThreadEvent, kind: string): Obj | null {
  if (event.type !== 'call.result' || event.kind !== kind) return null;
  return isObj(event.result) ? event.result : null;
}

export function readSlot(v: unknown): Slot | null {
  if (!isObj(v)) return null;
  const { start, end, staffId, staffName, serviceId } = v;
  if (!isStr(start) || !isStr(staffId) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(start))
    return null;
  return {
    start,
    end: isStr(end) ? end : start,
    staffId,
    staffName: isStr(staffName) ? staffName : staffId,
    serviceId: isStr(serviceId) ? serviceId : '',
  };
}

export function readSlots(v: unknown, max = 10): Slot[] | null {
  if (!Array.isArray(v)) return null;
  return v
    .map(readSlot)
    .filter((s): s is Slot => s !== null)
    .slice(0, max);
}

const STATUSES: readonly AppointmentSummary['status'][] = [
  'pending_payment',
  'expired',
  'booked',
  'confirmed',
  'cancelled',
  'completed',
  'no_show',
];

export function readAppointment(v: unknown): AppointmentSummary | null {
  if (!isObj(v)) return null;
  const { id, serviceId, serviceName, staffId, staffName, start, end, status, priceKesMinor } = v;
  if (typeof id !== 'number' || !Number.isFinite(id) || !isStr(serviceId) || !isStr(start)) {
    return null;
  }
  return {
    id,
    serviceId,
    serviceName: isStr(serviceName) ? serviceName : serviceId,
    staffId: isStr(staffId) ? staffId : '',
    staffName: isStr(staffName) ? staffName : isStr(staffId) ? staffId : '',
    start,
    end: isStr(end) ? end : start,
    status: STATUSES.find((s) => s === status) ?? 'booked',
    priceKesMinor: typeof priceKesMinor === 'number' && priceKesMinor >= 0 ? priceKesMinor : 0,
    ...(readPayment(v.payment) ? { payment: readPayment(v.payment)! } : {}),
  };
}

const PAY_STATES: readonly AppointmentPayment['state'][] = [
  'due',
  'paid',
  'waived',
  'refund_pending',
  'refunded',
];

function readPayment(v: unknown): AppointmentPayment | null {
  if (!isObj(v)) return null;
  const { provider, dueMinor, paidMinor, state, holdExpiresAt, receipt, refundMinor } = v;
  if (typeof dueMinor !== 'number' || !(dueMinor >= 0)) return null;
  return {
    provider: provider === 'pesapal' ? 'pesapal' : 'mpesa',
    currency: 'KES',
    dueMinor: Math.round(dueMinor),
    paidMinor: typeof paidMinor === 'number' && paidMinor >= 0 ? Math.round(paidMinor) : 0,
    state: PAY_STATES.find((x) => x === state) ?? 'due',
    ...(isStr(holdExpiresAt) ? { holdExpiresAt } : {}),
    ...(isStr(receipt) ? { receipt: receipt.slice(0, 40) } : {}),
    ...(typeof refundMinor === 'number' && refundMinor > 0
      ? { refundMinor: Math.round(refundMinor) }
      : {}),
  };
}

/** A `payment.query` result, checked. */
export function readPaymentStatus(result: Obj | null): PaymentStatus | null {
  if (!result || typeof result.appointmentId !== 'number') return null;
  const status = result.status;
  if (status !== 'pending' && status !== 'paid' && status !== 'failed' && status !== 'expired')
    return null;
  return {
    appointmentId: result.appointmentId,
    status,
    ...(isStr(result.reason) ? { reason: result.reason as PaymentStatus['reason'] & string } : {}),
    ...(isStr(result.receipt) ? { receipt: result.receipt.slice(0, 40) } : {}),
    ...(typeof result.paidMinor === 'number' ? { paidMinor: result.paidMinor } : {}),
  };
}

/** Upcoming, still-active appointments in a `booking.list` result (at most 10). */
export function readUpcoming(result: Obj | null): AppointmentSummary[] | null {
  if (!result || !Array.isArray(result.appointments)) return null;
  return result.appointments
    .map(readAppointment)
    .filter((a): a is AppointmentSummary => a !== null)
    .filter((a) => a.status === 'booked' || a.status === 'confirmed')
    .slice(0, 10);
}

/** `{ ok: true, appointment }` results of booking.create / cancel / reschedule / confirm. */
export function okAppointment(result: Obj | null): AppointmentSummary | null {
  return result?.ok === true ? readAppointment(result.appointment) : null;
}

/** The reason of an `{ ok: false, reason }` result. */
export function failReason(result: Obj | null): string | null {
  return result && result.ok === false ? (isStr(result.reason) ? result.reason : 'unknown') : null;
}
