/**
 * Commission over completed appointments (seed ADR-0012), pure. An appointment counts in the
 * month of its end: the actual end when the owner recorded one, the booked end otherwise. The
 * rule for an appointment is the one valid on that day, a staff member's own rule before a rule
 * for the service's category, the latest `validFrom` first.
 *
 * - `pct`: `rate` basis points of the price (1000 = 10%), rounded half up to the minor unit;
 * - `fixed`: `rate` minor units per appointment;
 * - `tiered`: marginal percentages over the month's revenue under that rule (0-50,000 at 10%,
 *   above at 15%: 60,000 earns 5,000 + 1,500).
 */

export interface CommissionAppointment {
  id: number;
  staffId: string;
  serviceCategory: string;
  priceKesMinor: number;
  /** YYYY-MM-DD (tenant's zone) of the actual end, or the booked end. */
  endDate: string;
}

export interface Tier {
  fromKesMinor: number;
  bps: number;
}

export interface CommissionRule {
  id: number;
  staffId: string | null;
  serviceCategory: string | null;
  kind: 'pct' | 'fixed' | 'tiered';
  rate: number | null;
  tiers: Tier[] | null;
  validFrom: string;
  validTo: string | null;
}

export interface StaffCommission {
  staffId: string;
  month: string;
  revenueKesMinor: number;
  commissionKesMinor: number;
  appointments: number;
  /** Per rule: what it paid (null rule: appointments no rule covered). */
  lines: {
    ruleId: number | null;
    appointments: number;
    revenueKesMinor: number;
    commissionKesMinor: number;
  }[];
}

const validOn = (r: CommissionRule, date: string) =>
  r.validFrom <= date && (r.validTo === null || date <= r.validTo);

export function ruleFor(
  rules: readonly CommissionRule[],
  a: CommissionAppointment,
): CommissionRule | undefined {
  const valid = rules.filter((r) => validOn(r, a.endDate));
  const latest = (xs: CommissionRule[]) =>
    xs.sort((x, y) =>
      x.validFrom < y.validFrom ? 1 : x.validFrom > y.validFrom ? -1 : y.id - x.id,
    )[0];
  return (
    latest(valid.filter((r) => r.staffId === a.staffId)) ??
    latest(valid.filter((r) => r.staffId === null && r.serviceCategory === a.serviceCategory))
  );
}

/** Half up, on non-negative integers. */
const pctOf = (amount: number, bps: number) => Math.floor((amount * bps + 5000) / 10000);

export function tieredCommission(revenue: number, tiers: readonly Tier[]): number {
  const sorted = [...tiers].sort((a, b) => a.fromKesMinor - b.fromKesMinor);
  let total = 0;
  sorted.forEach((t, i) => {
    const upTo = sorted[i + 1]?.fromKesMinor ?? Infinity;
    const slice = Math.max(0, Math.min(revenue, upTo) - t.fromKesMinor);
    total += pctOf(slice, t.bps);
  });
  return total;
}

/** One staff member's commission for `month` (YYYY-MM) from their appointments of any month. */
export function computeCommission(
  staffId: string,
  month: string,
  appointments: readonly CommissionAppointment[],
  rules: readonly CommissionRule[],
): StaffCommission {
  const mine = appointments.filter(
    (a) => a.staffId === staffId && a.endDate.startsWith(`${month}-`),
  );
  const byRule = new Map<
    number | null,
    { rule?: CommissionRule; appts: CommissionAppointment[] }
  >();
  for (const a of mine) {
    const rule = ruleFor(rules, a);
    const key = rule?.id ?? null;
    const entry = byRule.get(key) ?? { ...(rule ? { rule } : {}), appts: [] };
    entry.appts.push(a);
    byRule.set(key, entry);
  }
  const lines = [...byRule.entries()].map(([ruleId, { rule, appts }]) => {
    const revenue = appts.reduce((n, a) => n + a.priceKesMinor, 0);
    let commission = 0;
    if (rule?.kind === 'pct')
      commission = appts.reduce((n, a) => n + pctOf(a.priceKesMinor, rule.rate ?? 0), 0);
    else if (rule?.kind === 'fixed') commission = (rule.rate ?? 0) * appts.length;
    else if (rule?.kind === 'tiered') commission = tieredCommission(revenue, rule.tiers ?? []);
    return {
      ruleId,
      appointments: appts.length,
      revenueKesMinor: revenue,
      commissionKesMinor: commission,
    };
  });
  lines.sort((a, b) => (a.ruleId ?? -1) - (b.ruleId ?? -1));
  return {
    staffId,
    month,
    revenueKesMinor: lines.reduce((n, l) => n + l.revenueKesMinor, 0),
    commissionKesMinor: lines.reduce((n, l) => n + l.commissionKesMinor, 0),
    appointments: mine.length,
    lines,
  };
}
