/**
 * The daily payment reaper (ADR-0007), run by `payment.reap` from the owner's thread at 03:00
 * tenant time: open requests are reconciled with the provider (paid / failed), expired holds
 * are released (their customers hear of it in their own thread at 08:00, when the slot is still
 * ahead), and the report is kept for the next digest. Once per tenant-local day: several owners'
 * threads may fire the timer, the first effect to claim the day does the work.
 */
import type { PaymentCallKinds, PaymentReaperReport } from '../../contract';
import {
  claimReaperRun,
  customerNoticeAt,
  expireHolds,
  finishReaperRun,
  loadForPayment,
  nextReaperAt,
  openPayments,
  reaperRunDate,
  releasedHolds,
  type PaymentRecord,
} from '../../booking';
import type { EffectContext } from '../effects/effect-handler';
import { setTimers } from '../stores/timers';
import { shardOf } from '../supervisor/thread-key';
import type { PaymentServiceDeps } from './payment-deps';
import type { PaymentService } from './payment-service';
import { sweepRefunds, type RefundCheckDeps } from './refund-tracking';

type ReapResult = PaymentCallKinds['payment.reap']['result'];

/** Requests younger than this are left to their own thread (its 60 s checks and deadline). */
const LIVE_REQUEST_MS = 10 * 60_000;

export interface ReaperDeps extends PaymentServiceDeps, RefundCheckDeps {
  shardCount: number;
}

export async function reapPayments(
  deps: ReaperDeps,
  payments: PaymentService,
  ctx: EffectContext,
): Promise<ReapResult> {
  const { tenant, now } = ctx;
  const nextAt = nextReaperAt(now + 60_000, tenant.timezone);
  const runDate = reaperRunDate(now, tenant.timezone);
  const run = { runDate, claimKey: ctx.idempotencyKey, now };
  if (!(await claimReaperRun(deps.db, tenant.schema, run))) return { nextAt, report: null };
  const settled = await reconcile(deps, payments, ctx);
  const released = await releaseExpired(deps, ctx);
  // Submitted refunds: PesaPal's asked about, the ones waiting too long handed to the owner.
  const refunds = await sweepRefunds(deps, tenant, now);
  const report: PaymentReaperReport = {
    ...settled,
    ...released,
    stillOpen: (await openPayments(deps.db, tenant.schema, now - LIVE_REQUEST_MS)).length,
  };
  await finishReaperRun(deps.db, tenant.schema, { ...run, report });
  for (const [outcome, n] of Object.entries(report) as [string, number][])
    if (n > 0) deps.metrics.paymentReaper.inc({ outcome }, n);
  deps.log.info({ tenant: tenant.slug, runDate, ...report, ...refunds }, 'payment reaper ran');
  return { nextAt, report };
}

/** Asks the provider about every request still open; settles what it decided. */
async function reconcile(
  deps: ReaperDeps,
  payments: PaymentService,
  ctx: EffectContext,
): Promise<{ confirmedLate: number; failed: number }> {
  const { tenant, now } = ctx;
  const counts = { confirmedLate: 0, failed: 0 };
  const booked: PaymentRecord[] = [];
  for (const p of await openPayments(deps.db, tenant.schema, now - LIVE_REQUEST_MS, 500)) {
    const state = await askProvider(deps, payments, ctx, p);
    if (!state || state.state === 'pending') continue;
    const status = await payments.settle(tenant, p, state, now);
    if (status.status === 'failed') counts.failed += 1;
    if (status.status !== 'paid' || state.state !== 'paid') continue;
    counts.confirmedLate += 1;
    // Paid with its slot still held: booked. (Paid for a released slot: settle told the owner.)
    const appt = await loadForPayment(deps.db, tenant.schema, p.appointmentId);
    if (appt?.status === 'booked') booked.push(p);
  }
  // The customer's thread hears it as a callback (it asks, and says "payment received") in
  // the morning, through a timer, like the released holds.
  await setTimers(
    deps.db,
    tenant.schema,
    booked.map((p) => ({
      threadKey: p.threadKey,
      timerKey: `payment-settled:${p.appointmentId}`,
      shard: shardOf(tenant.slug, p.threadKey, deps.shardCount),
      fireAtMs: customerNoticeAt(now, tenant.timezone),
      event: { type: 'payment.callback', appointmentId: p.appointmentId },
    })),
    { keepExisting: true },
  );
  return counts;
}

async function askProvider(
  deps: ReaperDeps,
  payments: PaymentService,
  ctx: EffectContext,
  p: PaymentRecord,
) {
  const provider = deps.providers.get(p.provider);
  // A request that never reached the provider has nothing to ask: its hold's expiry ends it.
  if (!provider || !p.checkoutId) return undefined;
  try {
    return await provider.query(await payments.account(ctx.tenant, p.provider), p.checkoutId);
  } catch (err) {
    deps.log.warn({ err, tenant: ctx.tenant.slug, payment: p.id }, 'reaper query failed');
    return undefined;
  }
}

/**
 * Releases the holds past their expiry and, in the same transaction, sets each customer's
 * notice (a `payment.released` timer in their thread, at 08:00 at the earliest) when the slot
 * is still ahead: nobody is told at 03:00, nor about a time that has passed.
 */
async function releaseExpired(
  deps: ReaperDeps,
  ctx: EffectContext,
): Promise<{ holdsReleased: number; customersTold: number }> {
  const { tenant, now } = ctx;
  return deps.db.transaction(async (tx) => {
    const ids = await expireHolds(tx, tenant.schema, { now });
    const tell = (await releasedHolds(tx, tenant.schema, ids, tenant.timezone)).filter(
      (h) => h.threadKey !== null && h.startMs > now,
    );
    const fireAtMs = customerNoticeAt(now, tenant.timezone);
    await setTimers(
      tx,
      tenant.schema,
      tell.map((h) => ({
        threadKey: h.threadKey!,
        timerKey: `payment-released:${h.appointmentId}`,
        shard: shardOf(tenant.slug, h.threadKey!, deps.shardCount),
        fireAtMs,
        event: {
          type: 'payment.released',
          appointmentId: h.appointmentId,
          serviceId: h.serviceId,
          serviceName: h.language === 'sw' && h.serviceNameSw ? h.serviceNameSw : h.serviceName,
          start: h.start,
        },
      })),
      { keepExisting: true },
    );
    return { holdsReleased: ids.length, customersTold: tell.length };
  });
}
