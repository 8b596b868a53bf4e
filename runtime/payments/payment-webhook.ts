/**
 * `POST /webhooks/<provider>/<tenant callback token>`: a payment provider's callback. It is
 * stored before it is acknowledged, and never trusted alone: a callback that matches a pending
 * request (id, and for a success the amount and phone) is written to the tenant's inbox as a
 * `payment.callback` event for the paying thread, which then asks the provider; anything else
 * goes to `public.payment_callbacks_unrouted` with the reason. A replay is a no-op.
 */
import type { Clock } from '../clock';
import type Router from '@koa/router';
import type { Context } from 'koa';
import {
  expireHolds,
  loadForPayment,
  paymentByCheckout,
  recordCallback,
  type CallbackClaim,
  type PaymentProvider,
  type PaymentRecord,
} from '../../booking';
import type { Database } from '../db/database';
import { readRawBody } from '../http/body';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import { recordUnrouted, type UnroutedReason } from '../stores/payment-callbacks-unrouted';
import { customerIdOf } from '../supervisor/thread-key';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';
import { tenantByCallbackToken } from './callback-tenant';

export interface PaymentWebhookDeps {
  db: Database;
  tenants: TenantRegistry;
  ingress: Ingress;
  /** By the path segment: `daraja` (M-Pesa), `pesapal`. */
  providers: ReadonlyMap<string, PaymentProvider>;
  notifyOwner: (tenant: Tenant, key: string, text: string) => Promise<void>;
  log: Logger;
  metrics: Metrics;
  maxBodyBytes: number;
  /** The runtime's clock: whether a hold has expired, the `at` of the event delivered. */
  clock: Clock;
  /** Segments whose provider may call back with GET and query parameters (PesaPal's IPN). */
  getSegments?: ReadonlySet<string>;
  /**
   * Asks the provider about a late callback that claims nothing (a PesaPal IPN): money that came
   * in after the hold ended must reach the owner.
   */
  lateCheck?: (tenant: Tenant, p: PaymentRecord) => Promise<{ paid: boolean; receipt?: string }>;
  /** A hint about a paid order (PesaPal's IPN after a refund's approval): never throws. */
  paidOrderChanged?: (tenant: Tenant, p: PaymentRecord) => Promise<void>;
}

const KEPT_HEADERS = ['content-type', 'user-agent', 'x-forwarded-for', 'x-real-ip'];

type Verdict =
  | { deliver: PaymentRecord }
  | { duplicate: PaymentRecord }
  | { unrouted: UnroutedReason; notify?: string; late?: PaymentRecord };

export function paymentWebhookRoutes(router: Router, deps: PaymentWebhookDeps): void {
  for (const [segment, provider] of deps.providers) {
    router.post(`/webhooks/${segment}/:token`, async (ctx) => {
      await handleCallback(ctx, segment, provider, deps, await readRawBody(ctx, deps.maxBodyBytes));
    });
    if (!deps.getSegments?.has(segment)) continue;
    router.get(`/webhooks/${segment}/:token`, async (ctx) => {
      await handleCallback(ctx, segment, provider, deps, Buffer.from(ctx.querystring, 'utf8'));
    });
    // The customer's browser comes back here after the checkout: a hint like the IPN, and a page.
    router.get(`/webhooks/${segment}/:token/return`, async (ctx) => {
      await handleCallback(ctx, segment, provider, deps, Buffer.from(ctx.querystring, 'utf8'));
      if (ctx.status !== 200) return;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = RETURN_PAGE;
    });
  }
}

const RETURN_PAGE = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Payment received</title><p>Thank you. We are confirming your payment and will message you on
WhatsApp. / Asante. Tunathibitisha malipo yako na tutakutumia ujumbe kwenye WhatsApp.</p>`;

async function handleCallback(
  ctx: Context & { params: Record<string, string> },
  segment: string,
  provider: PaymentProvider,
  deps: PaymentWebhookDeps,
  raw: Buffer,
): Promise<void> {
  const token = ctx.params.token ?? '';
  const headers: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const v: string = ctx.get(h);
    if (v !== '') headers[h] = v;
  }
  const body = raw.toString('utf8');
  const unrouted = async (
    reason: UnroutedReason,
    tenant: string | null,
    checkoutId: string | null,
  ) => {
    await recordUnrouted(deps.db, {
      provider: segment,
      token,
      tenant,
      checkoutId,
      reason,
      headers,
      body,
    });
    deps.metrics.paymentCallbacks.inc({ provider: segment, result: reason });
    deps.log.warn({ provider: segment, tenant, reason }, 'payment callback unrouted');
  };
  const tenant = await tenantByCallbackToken(deps, token);
  if (!tenant) {
    await unrouted('unknown_token', null, null);
    ctx.status = 404;
    ctx.body = { error: 'not_found', message: 'unknown callback address' };
    return;
  }
  const parsed = provider.parseCallback(raw);
  if (!parsed.ok) {
    await unrouted('bad_shape', tenant.slug, null);
    ctx.status = 400;
    ctx.body = { error: 'bad_request', message: `not a ${segment} callback: ${parsed.detail}` };
    return;
  }
  const claim = parsed.claim;
  const verdict = await judge(deps, tenant, claim);
  if ('unrouted' in verdict) {
    await unrouted(verdict.unrouted, tenant.slug, claim.providerRef);
    const notify = verdict.notify ?? (await lateNotice(deps, tenant, verdict, claim));
    if (notify) await deps.notifyOwner(tenant, `unrouted:${claim.providerRef}`, notify);
  } else if ('duplicate' in verdict) {
    deps.metrics.paymentCallbacks.inc({ provider: segment, result: 'duplicate' });
    // News about a paid order that claims nothing (an IPN): its refund may have gone through.
    if (verdict.duplicate.status === 'paid' && claim.claimed.state === 'pending')
      await deps.paidOrderChanged?.(tenant, verdict.duplicate);
  } else {
    await deliver(deps, tenant, verdict.deliver, claim, segment);
  }
  ctx.status = 200;
  // The provider's acknowledgement (PesaPal echoes the IPN); Daraja's shape otherwise.
  ctx.body = claim.ack ?? { ResultCode: 0, ResultDesc: 'Accepted' };
}

const lateText = (p: PaymentRecord, receipt: string | undefined) =>
  `A payment of KES ${(p.amountMinor / 100).toLocaleString('en-KE')} (receipt ${receipt ?? 'unknown'}) for booking #${p.appointmentId} came in after its hold had been released. Please rebook the customer or refund them.`;

/** A late callback that claims nothing: the provider says whether money came in. */
async function lateNotice(
  deps: PaymentWebhookDeps,
  tenant: Tenant,
  verdict: Verdict,
  claim: CallbackClaim,
): Promise<string | undefined> {
  const late = 'late' in verdict ? verdict.late : undefined;
  if (!late || claim.claimed.state !== 'pending' || !deps.lateCheck) return undefined;
  try {
    const r = await deps.lateCheck(tenant, late);
    return r.paid ? lateText(late, r.receipt) : undefined;
  } catch (err) {
    deps.log.warn({ tenant: tenant.slug, err }, 'late payment check failed');
    return undefined;
  }
}

/** Whether a callback matches a pending request of this tenant. */
async function judge(
  deps: PaymentWebhookDeps,
  tenant: Tenant,
  claim: CallbackClaim,
): Promise<Verdict> {
  const p = await paymentByCheckout(deps.db, tenant.schema, claim.providerRef);
  if (!p) return { unrouted: 'unknown_checkout' };
  if (p.status === 'paid' || p.status === 'failed') return { duplicate: p };
  const paid = claim.claimed.state === 'paid';
  // A hold past its expiry ends now: a callback for it is late, whatever it says.
  const now = deps.clock.now();
  const appt = await loadForPayment(deps.db, tenant.schema, p.appointmentId);
  if (appt?.status === 'pending_payment' && (appt.holdExpiresMs ?? 0) <= now)
    await expireHolds(deps.db, tenant.schema, { now, appointmentId: appt.id });
  const gone = !appt || (appt.status === 'pending_payment' && (appt.holdExpiresMs ?? 0) <= now);
  if (p.status === 'expired' || gone || appt.status !== 'pending_payment') {
    return {
      unrouted: 'late',
      late: p,
      ...(paid
        ? {
            notify: lateText(
              { ...p, amountMinor: claim.amountMinor ?? p.amountMinor },
              claim.receipt,
            ),
          }
        : {}),
    };
  }
  if (paid) {
    // M-Pesa charges whole shillings: the request's amount rounded up is what a payment shows.
    const charged = Math.ceil(p.amountMinor / 100) * 100;
    if (claim.amountMinor !== charged || (p.msisdn !== null && claim.msisdn !== p.msisdn))
      return { unrouted: 'mismatch' };
  }
  return { deliver: p };
}

async function deliver(
  deps: PaymentWebhookDeps,
  tenant: Tenant,
  p: PaymentRecord,
  claim: CallbackClaim,
  segment: string,
): Promise<void> {
  const now = deps.clock.now();
  await recordCallback(
    deps.db,
    tenant.schema,
    p.id,
    {
      claimed: claim.claimed.state,
      ...(claim.claimed.state === 'failed' ? { reason: claim.claimed.reason } : {}),
      ...(claim.receipt ? { receipt: claim.receipt } : {}),
      ...(claim.amountMinor !== undefined ? { amountMinor: claim.amountMinor } : {}),
    },
    now,
  );
  // One event per claim: a replay is a no-op, a different claim still reaches the thread. A
  // claim of nothing (an IPN: "this order changed") counts once a minute; each one only makes
  // the thread ask the provider again.
  const what =
    claim.claimed.state === 'pending' ? `ipn:${Math.floor(now / 60_000)}` : claim.claimed.state;
  const accepted = await deps.ingress.accept({
    tenant: tenant.slug,
    eventId: `${segment}:callback:${claim.providerRef}:${what}`,
    threadKey: p.threadKey,
    kind: 'customer',
    customerId: customerIdOf(p.threadKey),
    source: segment,
    channel: null,
    event: { type: 'payment.callback', at: now, appointmentId: p.appointmentId },
  });
  deps.metrics.paymentCallbacks.inc({
    provider: segment,
    result: accepted.fresh ? 'delivered' : 'duplicate',
  });
}
