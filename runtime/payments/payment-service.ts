/**
 * The runtime side of the payment calls machines make (`PaymentCallKinds`): request, query,
 * release, waive, refund. The provider is reached through the PaymentProvider seam; every state
 * change goes through the booking domain's payment and hold repositories.
 *
 * Rules: a request is sent at most once per idempotency key (a run that finds its request in
 * flight or unanswered never sends it again); nothing is paid until the provider's query says so
 * (a callback only prompts the query); a payment and its hold are settled in one transaction.
 */
import { CARD_ABANDON_MS, ProviderError } from '../../contract';
import type { PaymentCallKinds, PaymentProviderName, PaymentStatus } from '../../contract';
import {
  amountDue,
  beginPayment,
  confirmHold,
  expireHolds,
  expireOpenPayments,
  extendHold,
  latestPayment,
  loadForPayment,
  markNotSent,
  markPending,
  markUnknown,
  paymentPolicy,
  releaseHold,
  restartRequest,
  settlePayment,
  type PaymentAccount,
  type PaymentProvider,
  type PaymentRecord,
  type ProviderPaymentState,
} from '../../booking';
import type { EffectContext } from '../effects/effect-handler';
import type { PaymentServiceDeps } from './payment-deps';
import { settleWithHold, statusOf } from './settlement';
import type { Tenant } from '../tenancy/tenant-registry';

type Result<K extends keyof PaymentCallKinds> = PaymentCallKinds[K]['result'];

export type { PaymentServiceDeps } from './payment-deps';

/** A retry keeps the slot at least this long from the retry. */
const RETRY_HOLD_MS = 5 * 60_000;

export class PaymentService {
  constructor(private readonly deps: PaymentServiceDeps) {}

  async account(tenant: Tenant, provider: string): Promise<PaymentAccount> {
    const secrets = (await this.deps.tenants.secrets(tenant.slug)) as Record<string, unknown>;
    const base = this.deps.publicUrl().replace(/\/+$/, '');
    return {
      tenant: tenant.slug,
      secrets,
      settings: tenant.settings,
      callbackUrl: `${base}/webhooks/${provider === 'mpesa' ? 'daraja' : provider}/${tenant.callbackToken}`,
    };
  }

  /** The provider the customer chose (when the tenant has it on), else the tenant's default. */
  providerOf(tenant: Tenant, chosen?: PaymentProviderName): PaymentProvider | undefined {
    const policy = paymentPolicy(tenant.settings);
    const name = chosen && policy.providers.includes(chosen) ? chosen : policy.provider;
    return name ? this.deps.providers.get(name) : undefined;
  }

  /** What the provider says of a payment whose hold is gone (a late callback claiming nothing). */
  async lateCheck(tenant: Tenant, p: PaymentRecord): Promise<{ paid: boolean; receipt?: string }> {
    const provider = this.deps.providers.get(p.provider);
    if (!provider || !p.checkoutId) return { paid: false };
    const s = await provider.query(await this.account(tenant, p.provider), p.checkoutId);
    return s.state === 'paid'
      ? { paid: true, ...(s.receipt ? { receipt: s.receipt } : {}) }
      : { paid: false };
  }

  async request(
    ctx: EffectContext,
    payload: PaymentCallKinds['payment.request']['payload'],
  ): Promise<Result<'payment.request'>> {
    const { db } = this.deps;
    const { tenant, now } = ctx;
    const schema = tenant.schema;
    const provider = this.providerOf(tenant, payload.provider);
    const account = provider && (await this.account(tenant, provider.name));
    if (!provider || !account || !provider.configured(account))
      return { ok: false, reason: 'not_configured' };
    const appt = await loadForPayment(db, schema, payload.appointmentId);
    if (!appt || appt.threadKey !== ctx.threadKey || appt.status !== 'pending_payment')
      return { ok: false, reason: 'not_pending' };
    if (appt.holdExpiresMs === null || appt.holdExpiresMs <= now) {
      await expireHolds(db, schema, { now, appointmentId: appt.id });
      return { ok: false, reason: 'hold_expired' };
    }
    if (!appt.phone) return { ok: false, reason: 'bad_phone' };
    const policy = paymentPolicy(tenant.settings);
    const amountMinor = amountDue(policy, appt.serviceId, appt.priceKesMinor);
    if (amountMinor <= 0) return { ok: false, reason: 'not_pending' };
    // A card checkout is given its whole abandon window; an M-Pesa retry a few minutes.
    const keep = provider.name === 'pesapal' ? CARD_ABANDON_MS + 60_000 : RETRY_HOLD_MS;
    await extendHold(db, schema, appt.id, { now, untilMs: now + keep });
    const { payment, created } = await beginPayment(db, schema, {
      appointmentId: appt.id,
      threadKey: ctx.threadKey,
      provider: provider.name,
      amountMinor,
      idempotencyKey: ctx.idempotencyKey,
      now,
    });
    if (!created) {
      const earlier = await this.earlierRun(ctx, payment);
      if (earlier) return earlier;
    }
    return this.send(ctx, provider, account, payment, {
      phone: appt.phone,
      reference: `Booking ${appt.id}`,
      description: tenant.name,
    });
  }

  /** What a re-run of the same effect answers; undefined when the request must be sent now. */
  private async earlierRun(
    ctx: EffectContext,
    p: PaymentRecord,
  ): Promise<Result<'payment.request'> | undefined> {
    const schema = ctx.tenant.schema;
    switch (p.status) {
      case 'pending':
      case 'paid':
        return {
          ok: true,
          ...(p.checkoutId ? { checkoutId: p.checkoutId } : {}),
          ...(p.redirectUrl ? { redirectUrl: p.redirectUrl } : {}),
        };
      case 'unknown':
        return { ok: true };
      case 'failed':
        return { ok: false, reason: 'refused' };
      case 'expired':
        return { ok: false, reason: 'hold_expired' };
      case 'requesting':
        // In flight when the last run ended (a crash, a lost answer): it may have reached the
        // customer's phone, so it is never sent again; its callback or the query settles it.
        if (p.pushStarted || !(await restartRequest(this.deps.db, schema, p.id, ctx.now))) {
          await markUnknown(this.deps.db, schema, p.id);
          this.count(p.provider, 'unknown');
          return { ok: true };
        }
        return undefined;
    }
  }

  private async send(
    ctx: EffectContext,
    provider: PaymentProvider,
    account: PaymentAccount,
    p: PaymentRecord,
    who: { phone: string; reference: string; description: string },
  ): Promise<Result<'payment.request'>> {
    const { db, log } = this.deps;
    const schema = ctx.tenant.schema;
    try {
      const r = await provider.initiate(account, {
        paymentId: p.id,
        amountMinor: p.amountMinor,
        currency: 'KES',
        ...who,
      });
      await markPending(db, schema, p.id, {
        checkoutId: r.providerRef,
        ...(r.merchantRef ? { merchantRef: r.merchantRef } : {}),
        ...(r.msisdn ? { msisdn: r.msisdn } : {}),
        ...(r.redirectUrl ? { redirectUrl: r.redirectUrl } : {}),
      });
      this.deps.faults?.hit('payment.after_request');
      this.count(provider.name, 'requested');
      log.info(
        { tenant: ctx.tenant.slug, thread: ctx.threadKey, payment: p.id, provider: provider.name },
        'payment requested',
      );
      return {
        ok: true,
        checkoutId: r.providerRef,
        ...(r.redirectUrl ? { redirectUrl: r.redirectUrl } : {}),
      };
    } catch (err) {
      const answered = err instanceof ProviderError && err.status !== undefined;
      if (provider.sendsLink) return this.linkFailed(ctx, provider.name, p, err);
      if (answered && err.retryable) {
        await markNotSent(db, schema, p.id);
        throw err; // the outbox tries again later; nothing reached the customer
      }
      if (answered) {
        await settlePayment(
          db,
          schema,
          p.id,
          { status: 'failed', reason: 'request_refused' },
          ctx.now,
        );
        this.count(provider.name, 'request_refused');
        log.warn({ tenant: ctx.tenant.slug, payment: p.id, err }, 'payment request refused');
        return { ok: false, reason: 'refused' };
      }
      await markUnknown(db, schema, p.id);
      this.count(provider.name, 'unknown');
      log.warn({ tenant: ctx.tenant.slug, payment: p.id, err }, 'payment request outcome unknown');
      return { ok: true };
    }
  }

  /**
   * A checkout link could not be made (refused, 5xx, no answer): no link reached the customer and
   * nothing can be charged, so the payment fails now and the customer is offered another way.
   */
  private async linkFailed(
    ctx: EffectContext,
    provider: string,
    p: PaymentRecord,
    err: unknown,
  ): Promise<Result<'payment.request'>> {
    const reason = 'request_refused';
    await settlePayment(
      this.deps.db,
      ctx.tenant.schema,
      p.id,
      { status: 'failed', reason },
      ctx.now,
    );
    this.count(provider, reason);
    this.deps.log.warn({ tenant: ctx.tenant.slug, payment: p.id, err }, 'payment link not made');
    return { ok: false, reason: 'refused' };
  }

  async query(
    ctx: EffectContext,
    payload: PaymentCallKinds['payment.query']['payload'],
  ): Promise<PaymentStatus> {
    const { db } = this.deps;
    const id = payload.appointmentId;
    const p = await latestPayment(db, ctx.tenant.schema, id);
    if (!p || p.threadKey !== ctx.threadKey) return { appointmentId: id, status: 'pending' };
    if (p.status === 'paid' || p.status === 'failed' || p.status === 'expired') return statusOf(p);
    const provider = this.deps.providers.get(p.provider);
    if (!provider || !p.checkoutId) return { appointmentId: id, status: 'pending' };
    const state = await provider.query(await this.account(ctx.tenant, p.provider), p.checkoutId);
    if (state.state === 'pending') return { appointmentId: id, status: 'pending' };
    return this.settle(ctx.tenant, p, state, ctx.now);
  }

  settle(
    tenant: Tenant,
    p: PaymentRecord,
    state: Exclude<ProviderPaymentState, { state: 'pending' }>,
    now: number,
  ): Promise<PaymentStatus> {
    return settleWithHold(this.deps, tenant, p, state, now);
  }

  async release(
    ctx: EffectContext,
    payload: { appointmentId: number },
  ): Promise<Result<'payment.release'>> {
    const appt = await loadForPayment(this.deps.db, ctx.tenant.schema, payload.appointmentId);
    if (!appt || appt.threadKey !== ctx.threadKey) return { released: false };
    // One transaction: nobody sees the hold released with its payment still open.
    const released = await this.deps.db.transaction((tx) =>
      releaseHold(tx, ctx.tenant.schema, appt.id, ctx.now),
    );
    return { released };
  }

  async waive(
    ctx: EffectContext,
    payload: { appointmentId: number },
  ): Promise<Result<'payment.waive'>> {
    const { db } = this.deps;
    if (!paymentPolicy(ctx.tenant.settings).payAtSalon) return { ok: false };
    const appt = await loadForPayment(db, ctx.tenant.schema, payload.appointmentId);
    if (!appt || appt.threadKey !== ctx.threadKey) return { ok: false };
    const ok = await db.transaction(async (tx) => {
      const held = await confirmHold(tx, ctx.tenant.schema, appt.id, {
        now: ctx.now,
        waived: true,
      });
      // A prompt still open pays for nothing now: its late callback goes to the owner.
      if (held) await expireOpenPayments(tx, ctx.tenant.schema, [appt.id], ctx.now);
      return held;
    });
    return { ok };
  }

  private count(provider: string, outcome: string): void {
    this.deps.metrics.payments.inc({ provider, outcome });
  }
}
