/**
 * The tenant's payments policy, read from its settings (the tenant file's `payments` block and
 * each service's `payment` override): whether a booking is held until paid, how much (the full
 * price, a deposit percentage, or nothing), how long the hold lasts, whether the customer may pay
 * at the salon instead, and how much of a cancelled paid booking is refunded.
 */
import type { PaymentProviderName } from '../../contract';
import { settingsObject as obj } from './settings-values';

export type PaymentRequirement = 'full' | 'deposit' | 'none';

export interface PaymentPolicy {
  /** The provider that takes the up-front payment; null when the tenant takes none. */
  provider: PaymentProviderName | null;
  /** Every provider the tenant has switched on (the customer chooses when there are two). */
  providers: readonly PaymentProviderName[];
  require: PaymentRequirement;
  depositPercent: number;
  /** How long a slot is held for a booking that is being paid. */
  holdMs: number;
  /** The customer may choose to pay at the salon when the payment fails. */
  payAtSalon: boolean;
  /** Cancelled at least this long before the start: `refundPercent` of what was paid. */
  refundCutoffMin: number;
  refundPercent: number;
  /** Per-service overrides by service id. */
  services: ReadonlyMap<string, { require: PaymentRequirement; depositPercent: number }>;
}

export const DEFAULT_HOLD_MINUTES = 15;

const num = (v: unknown, d: number, min: number, max: number) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d;
const requirement = (v: unknown): PaymentRequirement | undefined =>
  v === 'full' || v === 'deposit' || v === 'none' ? v : undefined;

export function paymentPolicy(settings: Readonly<Record<string, unknown>>): PaymentPolicy {
  const p = obj(settings.payments);
  const mpesa = obj(p.mpesa);
  const pesapal = obj(p.pesapal);
  const providers: PaymentProviderName[] = [
    ...(mpesa.enabled === true ? (['mpesa'] as const) : []),
    ...(pesapal.enabled === true ? (['pesapal'] as const) : []),
  ];
  const provider = providers[0] ?? null;
  const depositPercent = num(p.deposit_percent ?? mpesa.deposit_percent, 0, 0, 100);
  const require =
    requirement(p.require) ??
    (provider === null ? 'none' : depositPercent > 0 ? 'deposit' : 'full');
  const refund = obj(p.refund);
  const services = new Map<string, { require: PaymentRequirement; depositPercent: number }>();
  for (const raw of Array.isArray(settings.services) ? settings.services : []) {
    const s = obj(raw);
    const o = obj(s.payment);
    const r = requirement(o.require);
    if (typeof s.id === 'string' && r) {
      services.set(s.id, {
        require: r,
        depositPercent: num(o.deposit_percent, depositPercent, 0, 100),
      });
    }
  }
  return {
    provider,
    providers,
    require: provider === null ? 'none' : require,
    depositPercent,
    holdMs: num(p.hold_minutes, DEFAULT_HOLD_MINUTES, 2, 24 * 60) * 60_000,
    payAtSalon: p.pay_at_salon !== false,
    refundCutoffMin: num(refund.cutoff_min, 24 * 60, 0, 365 * 24 * 60),
    refundPercent: num(refund.percent, 100, 0, 100),
    services,
  };
}

/** What a booking of this service must pay up front, in minor units (0: nothing, no hold). */
export function amountDue(policy: PaymentPolicy, serviceId: string, priceMinor: number): number {
  if (policy.provider === null) return 0;
  const o = policy.services.get(serviceId) ?? {
    require: policy.require,
    depositPercent: policy.depositPercent,
  };
  const price = Math.max(0, Math.round(priceMinor));
  switch (o.require) {
    case 'none':
      return 0;
    case 'full':
      return price;
    case 'deposit':
      // A deposit of 0% means the full price, as the tenant file's `deposit_percent: 0` always did.
      return o.depositPercent > 0 ? Math.round((price * o.depositPercent) / 100) : price;
  }
}

/** What to refund of `paidMinor` for a booking starting at `startMs`, cancelled at `now`. */
export function refundDue(
  policy: PaymentPolicy,
  booking: { startMs: number; paidMinor: number; now: number },
): number {
  if (booking.paidMinor <= 0) return 0;
  if (booking.startMs - booking.now < policy.refundCutoffMin * 60_000) return 0;
  return Math.round((booking.paidMinor * policy.refundPercent) / 100);
}
