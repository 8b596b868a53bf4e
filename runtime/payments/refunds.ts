/**
 * Refunds of cancelled paid bookings (`payment.refund`): automatic through the provider where it
 * can (M-Pesa reversal or B2C with initiator credentials, PesaPal refund request), otherwise a task in
 * the owner's admin thread, tracked in the refunds table until someone marks it done.
 */
import type { PaymentCallKinds } from '../../contract';
import {
  beginRefund,
  loadForPayment,
  paidPayment,
  paymentPolicy,
  refundDue,
  updateRefund,
  type RefundMethod,
} from '../../booking';
import type { EffectContext } from '../effects/effect-handler';
import type { PaymentServiceDeps } from './payment-deps';
import type { PaymentService } from './payment-service';

type RefundResult = PaymentCallKinds['payment.refund']['result'];

const money = (minor: number) => `KES ${(minor / 100).toLocaleString('en-KE')}`;

export async function refundPayment(
  deps: PaymentServiceDeps,
  payments: PaymentService,
  ctx: EffectContext,
  payload: { appointmentId: number },
): Promise<RefundResult> {
  const { db } = deps;
  const schema = ctx.tenant.schema;
  const appt = await loadForPayment(db, schema, payload.appointmentId);
  const paid = appt && (await paidPayment(db, schema, appt.id));
  if (!appt || !paid || appt.threadKey !== ctx.threadKey || appt.status !== 'cancelled')
    return { state: 'none', amountMinor: 0 };
  const amountMinor = refundDue(paymentPolicy(ctx.tenant.settings), {
    startMs: appt.startMs,
    paidMinor: paid.amountMinor,
    // Judged at the cancellation: a refund retried later keeps that answer.
    now: appt.cancelledMs ?? ctx.now,
  });
  if (amountMinor <= 0) return { state: 'none', amountMinor: 0 };
  const provider = deps.providers.get(paid.provider);
  const account = provider && (await payments.account(ctx.tenant, paid.provider));
  const method = (account && provider?.refundMethod(account)) ?? 'manual';
  const { refund, created } = await beginRefund(db, schema, {
    paymentId: paid.id,
    appointmentId: appt.id,
    amountMinor,
    method,
  });
  if (!created && refund.status !== 'requested') {
    return {
      state: refund.status === 'manual' ? 'manual' : 'submitted',
      amountMinor,
      provider: paid.provider,
    };
  }
  const key = `${ctx.tenant.slug.slice(0, 40)}-R${refund.id}`;
  // A payment out (B2C) asked twice pays twice: it counts as sent before it is sent.
  if (method === 'b2c')
    await updateRefund(db, schema, refund.id, { status: 'submitted', providerRef: key });
  const outcome =
    provider && account
      ? await provider
          .refund(account, {
            key,
            providerRef: paid.checkoutId ?? '',
            receipt: paid.receipt ?? undefined,
            msisdn: paid.msisdn ?? undefined,
            amountMinor,
            reason: `Booking ${appt.id} cancelled`,
          })
          .catch((err: unknown) => lostB2c(method, err))
      : ({ state: 'manual', why: 'the provider is not configured' } as const);
  if (outcome.state === 'submitted') {
    await updateRefund(db, schema, refund.id, {
      status: 'submitted',
      providerRef: outcome.providerRef,
    });
    deps.metrics.payments.inc({ provider: paid.provider, outcome: 'refund_submitted' });
    return { state: 'submitted', amountMinor, provider: paid.provider };
  }
  await updateRefund(db, schema, refund.id, {
    status: 'manual',
    method: 'manual',
    reason: outcome.why,
  });
  deps.metrics.payments.inc({ provider: paid.provider, outcome: 'refund_manual' });
  await deps.notifyOwner(
    ctx.tenant,
    `refund:${refund.id}`,
    `Refund task R${refund.id}: send ${money(amountMinor)} back to ${appt.phone ?? 'the customer'} for cancelled booking #${appt.id} (receipt ${paid.receipt ?? 'unknown'}). ${outcome.why}. Reply “refund R${refund.id} done” once it is sent.`,
  );
  return { state: 'manual', amountMinor };
}

/**
 * A B2C request whose answer was lost may have been paid: it is not asked again but handed to
 * the owner, who checks the M-Pesa statement. Other methods are retried (a reversal of the same
 * receipt, a PesaPal refund of the same code, cannot pay twice).
 */
function lostB2c(method: RefundMethod, err: unknown): { state: 'manual'; why: string } {
  if (method !== 'b2c') throw err;
  return {
    state: 'manual',
    why: 'the B2C answer was lost; check the M-Pesa statement before sending it by hand',
  };
}
