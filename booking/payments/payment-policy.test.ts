import { describe, expect, it } from 'vitest';
import { amountDue, paymentPolicy, refundDue } from './payment-policy';

describe('payments policy', () => {
  it('takes nothing when no provider is enabled, whatever else is set', () => {
    const p = paymentPolicy({ payments: { require: 'full', mpesa: { enabled: false } } });
    expect([p.provider, p.require, amountDue(p, 'x', 80_000)]).toEqual([null, 'none', 0]);
  });

  it('full price, a deposit percentage, and per-service overrides', () => {
    const settings = {
      payments: { mpesa: { enabled: true, deposit_percent: 50 }, hold_minutes: 10 },
      services: [
        { id: 'consult', payment: { require: 'none' } },
        { id: 'bridal', payment: { require: 'full' } },
        { id: 'braids', payment: { require: 'deposit', deposit_percent: 20 } },
      ],
    };
    const p = paymentPolicy(settings);
    expect(p.holdMs).toBe(600_000);
    expect(amountDue(p, 'haircut', 80_000)).toBe(40_000);
    expect(amountDue(p, 'consult', 80_000)).toBe(0);
    expect(amountDue(p, 'bridal', 80_000)).toBe(80_000);
    expect(amountDue(p, 'braids', 350_000)).toBe(70_000);
    expect(amountDue(paymentPolicy({ payments: { mpesa: { enabled: true } } }), 'x', 800)).toBe(
      800,
    );
  });

  it('refunds inside the cutoff only, by the percentage', () => {
    const p = paymentPolicy({
      payments: { mpesa: { enabled: true }, refund: { cutoff_min: 120, percent: 50 } },
    });
    const start = Date.UTC(2026, 10, 20, 12);
    expect(refundDue(p, { startMs: start, paidMinor: 40_000, now: start - 3 * 3600_000 })).toBe(
      20_000,
    );
    expect(refundDue(p, { startMs: start, paidMinor: 40_000, now: start - 3600_000 })).toBe(0);
  });

  it('ignores nonsense values (they are clamped or defaulted, never thrown)', () => {
    const p = paymentPolicy({
      payments: { mpesa: { enabled: true, deposit_percent: 900 }, hold_minutes: -5, require: 7 },
      services: 'x',
    });
    expect([p.depositPercent, p.holdMs, p.require]).toEqual([100, 120_000, 'deposit']);
  });
});
