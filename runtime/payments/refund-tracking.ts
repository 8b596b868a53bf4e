/**
 * A submitted refund is followed to its end. Daraja answers reversals and B2C payments with a
 * Result (refund-results.ts); PesaPal says nothing but changes the order: once the merchant
 * approves the refund, GetTransactionStatus reads REVERSED. So a PesaPal refund is checked when an
 * IPN comes for its (paid) order and by the nightly reaper; one still not reversed after
 * REFUND_WAIT_MS.pesapal, or an M-Pesa refund with no Result after REFUND_WAIT_MS.mpesa, becomes
 * the owner's refund task, and the owner is told.
 */
import {
  loadForPayment,
  refundOf,
  settleRefund,
  submittedRefunds,
  type PaymentAccount,
  type PaymentProvider,
  type PaymentRecord,
  type RefundRecord,
} from '../../booking';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Tenant } from '../tenancy/tenant-registry';

export interface RefundTrackingDeps {
  db: Database;
  notifyOwner: (tenant: Tenant, key: string, text: string) => Promise<void>;
  log: Logger;
  metrics: Metrics;
}

export interface RefundCheckDeps extends RefundTrackingDeps {
  providers: ReadonlyMap<string, PaymentProvider>;
  account: (tenant: Tenant, provider: 'mpesa' | 'pesapal') => Promise<PaymentAccount>;
}

/** How long a submitted refund may wait for its provider before it is the owner's task. */
export const REFUND_WAIT_MS = { pesapal: 7 * 86_400_000, mpesa: 86_400_000 } as const;

const money = (minor: number) => `KES ${(minor / 100).toLocaleString('en-KE')}`;
const providerOf = (r: RefundRecord) => (r.method === 'pesapal' ? 'pesapal' : 'mpesa');

export type RefundEnd = { status: 'done' } | { status: 'manual'; why: string };

/** Settles a submitted refund once: done, or the owner's task (told). False when it was not. */
export async function finishRefund(
  deps: RefundTrackingDeps,
  tenant: Tenant,
  refund: RefundRecord,
  end: RefundEnd,
): Promise<boolean> {
  const provider = providerOf(refund);
  const outcome = end.status === 'done' ? end : { status: 'manual' as const, reason: end.why };
  if (!(await settleRefund(deps.db, tenant.schema, refund.id, outcome))) return false;
  deps.metrics.payments.inc({ provider, outcome: `refund_${end.status}` });
  if (end.status === 'manual') {
    const appt = await loadForPayment(deps.db, tenant.schema, refund.appointmentId);
    await deps.notifyOwner(
      tenant,
      `refund:${refund.id}`,
      `Refund task: send ${money(refund.amountMinor)} back to ${appt?.phone ?? 'the customer'} for cancelled booking #${refund.appointmentId}. The automatic refund did not go through (${end.why}).`,
    );
  }
  return true;
}

/** Asks the provider about one submitted refund; gives up on it past its wait. */
async function check(
  deps: RefundCheckDeps,
  tenant: Tenant,
  refund: RefundRecord & { checkoutId: string | null; submittedMs?: number },
  now: number,
): Promise<'done' | 'manual' | 'waiting'> {
  const provider = deps.providers.get(providerOf(refund));
  if (provider?.refundSettled && refund.checkoutId) {
    const account = await deps.account(tenant, providerOf(refund));
    if (await provider.refundSettled(account, refund.checkoutId)) {
      return (await finishRefund(deps, tenant, refund, { status: 'done' })) ? 'done' : 'waiting';
    }
  }
  const waited = refund.submittedMs === undefined ? 0 : now - refund.submittedMs;
  if (waited < REFUND_WAIT_MS[providerOf(refund)]) return 'waiting';
  const days = Math.round(REFUND_WAIT_MS[providerOf(refund)] / 86_400_000);
  const why =
    refund.method === 'pesapal'
      ? `PesaPal has not reversed the payment in ${days} days: the refund was not approved`
      : `no answer from M-Pesa in ${days} day${days === 1 ? '' : 's'}; check the M-Pesa statement first`;
  return (await finishRefund(deps, tenant, refund, { status: 'manual', why }))
    ? 'manual'
    : 'waiting';
}

/** An IPN for a paid order: its refund, when one is submitted, may have gone through. */
export async function checkPaidOrder(
  deps: RefundCheckDeps,
  tenant: Tenant,
  p: PaymentRecord,
): Promise<void> {
  const refund = await refundOf(deps.db, tenant.schema, p.appointmentId);
  if (refund?.paymentId !== p.id || refund.status !== 'submitted') return;
  try {
    await check(deps, tenant, { ...refund, checkoutId: p.checkoutId }, 0);
  } catch (err) {
    deps.log.warn({ err, tenant: tenant.slug, refund: refund.id }, 'refund check failed');
  }
}

/** The reaper's pass over submitted refunds: what ended, what became the owner's task. */
export async function sweepRefunds(
  deps: RefundCheckDeps,
  tenant: Tenant,
  now: number,
): Promise<{ refundsDone: number; refundsToOwner: number }> {
  const counts = { refundsDone: 0, refundsToOwner: 0 };
  for (const r of await submittedRefunds(deps.db, tenant.schema)) {
    const end = await check(deps, tenant, r, now).catch((err: unknown) => {
      deps.log.warn({ err, tenant: tenant.slug, refund: r.id }, 'refund check failed');
      return 'waiting' as const;
    });
    if (end === 'done') counts.refundsDone += 1;
    if (end === 'manual') counts.refundsToOwner += 1;
  }
  return counts;
}
