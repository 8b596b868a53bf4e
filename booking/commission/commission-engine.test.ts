import { describe, expect, it } from 'vitest';
import {
  computeCommission,
  tieredCommission,
  type CommissionAppointment,
  type CommissionRule,
} from './commission-engine';

const appt = (
  id: number,
  price: number,
  endDate: string,
  over: Partial<CommissionAppointment> = {},
) => ({
  id,
  staffId: 'wanjiku',
  serviceCategory: 'hair',
  priceKesMinor: price,
  endDate,
  ...over,
});
const rule = (over: Partial<CommissionRule>): CommissionRule => ({
  id: 1,
  staffId: 'wanjiku',
  serviceCategory: null,
  kind: 'pct',
  rate: 1000,
  tiers: null,
  validFrom: '2026-01-01',
  validTo: null,
  ...over,
});

interface Case {
  name: string;
  appointments: CommissionAppointment[];
  rules: CommissionRule[];
  revenue: number;
  commission: number;
  count: number;
}

const cases: Case[] = [
  {
    name: 'pct: 10% of each price, half up to the cent',
    appointments: [appt(1, 80000, '2026-11-02'), appt(2, 350005, '2026-11-03')],
    rules: [rule({ rate: 1000 })],
    revenue: 430005,
    commission: 8000 + 35001,
    count: 2,
  },
  {
    name: 'fixed: KES 200 per appointment',
    appointments: [appt(1, 80000, '2026-11-02'), appt(2, 350000, '2026-11-03')],
    rules: [rule({ kind: 'fixed', rate: 20000 })],
    revenue: 430000,
    commission: 40000,
    count: 2,
  },
  {
    name: 'tiered: marginal, 10% to KES 5,000 then 15%',
    appointments: [appt(1, 350000, '2026-11-02'), appt(2, 250000, '2026-11-09')],
    rules: [
      rule({
        kind: 'tiered',
        rate: null,
        tiers: [
          { fromKesMinor: 0, bps: 1000 },
          { fromKesMinor: 500000, bps: 1500 },
        ],
      }),
    ],
    revenue: 600000,
    commission: 50000 + 15000,
    count: 2,
  },
  {
    name: 'a rule change mid-month: 10% until the 14th, 20% from the 15th',
    appointments: [appt(1, 100000, '2026-11-14'), appt(2, 100000, '2026-11-15')],
    rules: [
      rule({ id: 1, rate: 1000, validTo: '2026-11-14' }),
      rule({ id: 2, rate: 2000, validFrom: '2026-11-15' }),
    ],
    revenue: 200000,
    commission: 10000 + 20000,
    count: 2,
  },
  {
    name: "the staff member's own rule wins over the category's",
    appointments: [
      appt(1, 100000, '2026-11-02'),
      appt(2, 100000, '2026-11-03', { serviceCategory: 'nails' }),
    ],
    rules: [
      rule({ id: 1, staffId: null, serviceCategory: 'nails', rate: 3000 }),
      rule({ id: 2, staffId: 'wanjiku', rate: 1000, validFrom: '2026-11-03' }),
    ],
    // appt 1 (hair, 2 Nov): the staff rule starts on the 3rd, no category rule for hair -> 0;
    // appt 2 (nails, 3 Nov): the staff rule -> 10%
    revenue: 200000,
    commission: 10000,
    count: 2,
  },
  {
    name: 'the month of the actual end: an appointment ending on 1 Dec is December',
    appointments: [appt(1, 100000, '2026-11-30'), appt(2, 100000, '2026-12-01')],
    rules: [rule({})],
    revenue: 100000,
    commission: 10000,
    count: 1,
  },
  {
    name: "other staff members' appointments do not count",
    appointments: [
      appt(1, 100000, '2026-11-05'),
      appt(2, 100000, '2026-11-05', { staffId: 'achieng' }),
    ],
    rules: [rule({})],
    revenue: 100000,
    commission: 10000,
    count: 1,
  },
];

describe('commission engine', () => {
  it.each(cases)('$name', (c) => {
    const r = computeCommission('wanjiku', '2026-11', c.appointments, c.rules);
    expect(r.revenueKesMinor).toBe(c.revenue);
    expect(r.commissionKesMinor).toBe(c.commission);
    expect(r.appointments).toBe(c.count);
    expect(r.lines.reduce((n, l) => n + l.commissionKesMinor, 0)).toBe(c.commission);
  });

  it.each([
    [0, 0],
    [499999, 50000],
    [500000, 50000],
    [1000000, 50000 + 75000],
  ])('tiers over %i earn %i', (revenue, expected) => {
    expect(
      tieredCommission(revenue, [
        { fromKesMinor: 500000, bps: 1500 },
        { fromKesMinor: 0, bps: 1000 },
      ]),
    ).toBe(expected);
  });
});
