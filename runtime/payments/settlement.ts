/** Settling a decided payment: the payment and its hold in one transaction, exactly once. */
import {
  confirmHold,
  latestPayment,
  settlePayment,
  type PaymentRecord,
  type ProviderPaymentState,
} from '../../booking';
import type { PaymentStatus } from '../../contract';
import type { Tenant } from '../tenancy/tenant-registry';
import type { PaymentServiceDeps } from './payment-deps';

const money = (minor: number) => `KES ${(minor / 100).toLocaleString('en-KE')}`;
const count = (deps: PaymentServiceDeps, provider: string, outcome: string) =>
  deps.metrics.payments.inc({ provider, outcome });

/** Settles a decided payment with its hold, once; tells the owner of a payment without a slot. */
export async function settleWithHold(
  deps: PaymentServiceDeps,
  tenant: Tenant,
  p: PaymentRecord,
  state: Exclude<ProviderPaymentState, { state: 'pending' }>,
  now: number,
): Promise<PaymentStatus> {
  const schema = tenant.schema;
  const outcome = await deps.db.transaction(async (tx) => {
    const won =
      state.state === 'paid'
        ? await settlePayment(
            tx,
            schema,
            p.id,
            {
              status: 'paid',
              receipt: state.receipt ?? p.callbackReceipt,
              ...(state.resultCode !== undefined ? { resultCode: state.resultCode } : {}),
            },
            now,
          )
        : await settlePayment(
            tx,
            schema,
            p.id,
            {
              status: 'failed',
              reason: state.reason,
              ...(state.resultCode !== undefined ? { resultCode: state.resultCode } : {}),
            },
            now,
          );
    if (!won || state.state !== 'paid') return { won, held: true };
    return { won, held: await confirmHold(tx, schema, p.appointmentId, { now, waived: false }) };
  });
  const settled = await latestPayment(deps.db, schema, p.appointmentId);
  const status =
    settled && settled.id === p.id ? statusOf(settled) : statusOf({ ...p, status: 'failed' });
  if (!outcome.won) return status;
  count(deps, p.provider, state.state === 'paid' ? 'paid' : state.reason);
  if (state.state === 'paid' && !outcome.held) {
    // Money arrived for a slot that is no longer held (released, expired): the owner decides.
    count(deps, p.provider, 'paid_without_hold');
    await deps.notifyOwner(
      tenant,
      `payment-late:${p.id}`,
      `Payment of ${money(p.amountMinor)} (receipt ${status.receipt ?? 'unknown'}) for booking #${p.appointmentId} arrived after its slot was released. Please rebook the customer or refund them.`,
    );
  }
  return status;
}

export function statusOf(p: PaymentRecord): PaymentStatus {
  switch (p.status) {
    case 'paid':
      return {
        appointmentId: p.appointmentId,
        status: 'paid',
        paidMinor: p.amountMinor,
        ...(p.receipt ? { receipt: p.receipt } : {}),
      };
    case 'failed':
      return {
        appointmentId: p.appointmentId,
        status: 'failed',
        reason:
          p.reason === 'request_refused' || !p.reason
            ? 'failed'
            : (p.reason as PaymentStatus['reason'] & string),
      };
    case 'expired':
      return { appointmentId: p.appointmentId, status: 'expired' };
    case 'requesting':
    case 'pending':
    case 'unknown':
      return { appointmentId: p.appointmentId, status: 'pending' };
  }
}
