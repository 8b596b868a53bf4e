/**
 * Payments in the runtime: the providers (M-Pesa through Daraja today), the payment calls as
 * outbox effect handlers, and the providers' callback routes.
 */
import { systemClock, type Clock } from '../clock';
import type Router from '@koa/router';
import { createDarajaAdapter, type DarajaAdapter } from '../../adapters/daraja';
import { createPesapalAdapter, type PesapalAdapter } from '../../adapters/pesapal';
import type { PaymentProvider } from '../../booking';
import type { PaymentProviderName } from '../../contract';
import type { Database } from '../db/database';
import type { EffectHandler } from '../effects/effect-handler';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { darajaProvider } from './daraja-provider';
import { ownerNotifier } from './owner-notice';
import { PaymentService, type PaymentServiceDeps } from './payment-service';
import { paymentWebhookRoutes } from './payment-webhook';
import { reapPayments } from './reaper';
import { pesapalProvider } from './pesapal-provider';
import { refundResultRoutes } from './refund-results';
import { checkPaidOrder, type RefundCheckDeps } from './refund-tracking';
import { refundPayment } from './refunds';

export interface PaymentsConfig {
  /** Overrides every tenant's Daraja environment (tests: a fake server). */
  darajaBaseUrl?: string;
  /** Overrides every tenant's PesaPal environment (tests: a fake server). */
  pesapalBaseUrl?: string;
  /** Where providers reach this backend; the HTTP server's own URL when unset. */
  publicUrl?: string;
}

export interface PaymentsDeps {
  db: Database;
  ingressDb: Database;
  tenants: TenantRegistry;
  ingress: Ingress;
  log: Logger;
  metrics: Metrics;
  daraja?: DarajaAdapter;
  pesapal?: PesapalAdapter;
  faults?: Faults;
  /** The runtime's shard count (the reaper sets timers in customers' threads). */
  shardCount: number;
  /** The runtime's clock (the scenarios pin it); the system clock when unset. */
  clock?: Clock;
}

export interface Payments {
  service: PaymentService;
  handlers: Record<string, EffectHandler>;
  routes(router: Router): void;
  /** The backend's own URL once it listens: callbacks go there when no public URL is set. */
  listening(url: string): void;
}

const asPayload = (
  p: Record<string, unknown>,
): { appointmentId: number; amountKesMinor: number; provider?: PaymentProviderName } => {
  const id = p.appointmentId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new TypeError('appointmentId');
  return {
    appointmentId: id,
    amountKesMinor: Number(p.amountKesMinor) || 0,
    ...(p.provider === 'mpesa' || p.provider === 'pesapal' ? { provider: p.provider } : {}),
  };
};

export function createPayments(config: PaymentsConfig, deps: PaymentsDeps): Payments {
  const daraja =
    deps.daraja ??
    createDarajaAdapter(config.darajaBaseUrl ? { baseUrl: config.darajaBaseUrl } : {});
  const pesapal =
    deps.pesapal ??
    createPesapalAdapter(config.pesapalBaseUrl ? { baseUrl: config.pesapalBaseUrl } : {});
  const byName = new Map<string, PaymentProvider>([
    ['mpesa', darajaProvider(daraja)],
    ['pesapal', pesapalProvider(pesapal, deps.db)],
  ]);
  const clock = deps.clock ?? systemClock;
  const notifyOwner = ownerNotifier(deps.ingress, deps.log, clock);
  let localUrl = '';
  const serviceDeps: PaymentServiceDeps = {
    db: deps.db,
    tenants: deps.tenants,
    providers: byName,
    publicUrl: () => config.publicUrl ?? localUrl,
    notifyOwner,
    log: deps.log,
    metrics: deps.metrics,
    ...(deps.faults ? { faults: deps.faults } : {}),
  };
  const service = new PaymentService(serviceDeps);
  const refundChecks: RefundCheckDeps = {
    ...serviceDeps,
    account: (tenant, provider) => service.account(tenant, provider),
  };
  const handler = (run: EffectHandler['run']): EffectHandler => ({ answers: true, run });
  return {
    service,
    handlers: {
      'payment.request': handler((p, ctx) => service.request(ctx, asPayload(p))),
      'payment.query': handler((p, ctx) => service.query(ctx, asPayload(p))),
      'payment.release': handler((p, ctx) => service.release(ctx, asPayload(p))),
      'payment.waive': handler((p, ctx) => service.waive(ctx, asPayload(p))),
      'payment.refund': handler((p, ctx) => refundPayment(serviceDeps, service, ctx, asPayload(p))),
      'payment.reap': handler((_p, ctx) =>
        reapPayments(
          { ...serviceDeps, ...refundChecks, shardCount: deps.shardCount },
          service,
          ctx,
        ),
      ),
    },
    listening(url) {
      localUrl = url;
    },
    routes(router) {
      // Before the callback routes: `/webhooks/daraja/:token/reversal` is a refund's result.
      refundResultRoutes(router, {
        db: deps.ingressDb,
        tenants: deps.tenants,
        notifyOwner,
        log: deps.log,
        metrics: deps.metrics,
      });
      paymentWebhookRoutes(router, {
        db: deps.ingressDb,
        tenants: deps.tenants,
        ingress: deps.ingress,
        providers: new Map([
          ['daraja', byName.get('mpesa')!],
          ['pesapal', byName.get('pesapal')!],
        ]),
        getSegments: new Set(['pesapal']),
        lateCheck: (tenant, p) => service.lateCheck(tenant, p),
        paidOrderChanged: (tenant, p) => checkPaidOrder(refundChecks, tenant, p),
        notifyOwner,
        log: deps.log,
        metrics: deps.metrics,
        maxBodyBytes: 64 * 1024,
        clock,
      });
    },
  };
}

export { PaymentService } from './payment-service';
export { darajaCredentials, darajaProvider } from './daraja-provider';
