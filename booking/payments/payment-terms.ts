/**
 * The payment terms of one booking (what is due and until when the slot is held) and the refund
 * of a cancelled one: the policy applied to the catalog and to what was paid.
 */
import type { Queryable } from '../../contract';
import type { TenantSchema } from '../../contract';
import type { AppointmentPayment } from '../../contract';
import { activeService } from '../availability';
import type { Catalog } from '../types';
import { toIsoInZone } from '../wall-clock';
import { amountDue, paymentPolicy, refundDue } from './payment-policy';
import { paidPayment } from './payment-repo';

export interface PaymentTerms {
  holdUntilMs: number;
  payment: AppointmentPayment;
}

/** Null when a booking of this service takes no payment up front. */
export function paymentTerms(
  catalog: Catalog,
  settings: Readonly<Record<string, unknown>>,
  serviceId: string,
  now: number,
): PaymentTerms | null {
  const policy = paymentPolicy(settings);
  const service = activeService(catalog, serviceId);
  if (!service || policy.provider === null) return null;
  const due = amountDue(policy, serviceId, service.priceKesMinor);
  if (due <= 0) return null;
  const holdUntilMs = now + policy.holdMs;
  return {
    holdUntilMs,
    payment: {
      provider: policy.provider,
      currency: 'KES',
      dueMinor: due,
      paidMinor: 0,
      state: 'due',
      holdExpiresAt: toIsoInZone(holdUntilMs, catalog.timezone),
    },
  };
}

/** What to refund of a cancelled appointment's payment (0: nothing paid, or past the cutoff). */
export async function refundFor(
  q: Queryable,
  schema: TenantSchema,
  settings: Readonly<Record<string, unknown>>,
  booking: { appointmentId: number; startMs: number; now: number },
): Promise<number> {
  const paid = await paidPayment(q, schema, booking.appointmentId);
  if (!paid) return 0;
  return refundDue(paymentPolicy(settings), {
    startMs: booking.startMs,
    paidMinor: paid.amountMinor,
    now: booking.now,
  });
}
