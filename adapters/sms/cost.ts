/**
 * Africa's Talking reports cost as a decimal string with the currency first ("KES 0.8000").
 * It becomes integer minor units of that currency, computed without floating point.
 */

export interface SmsCost {
  /** ISO 4217 code: KES, UGX, TZS, ... */
  currency: string;
  /** Integer minor units (cents for KES), rounded half up when the provider is more precise. */
  amountMinor: number;
  /** The exact decimal amount as reported ("0.8000"). */
  amount: string;
}

const COST = /^([A-Z]{3})\s+(\d+)(?:\.(\d+))?$/;

/** "KES 0.8000" -> { currency: 'KES', amountMinor: 80, amount: '0.8000' }; "0" -> undefined. */
export function parseSmsCost(value: string): SmsCost | undefined {
  const match = COST.exec(value.trim());
  if (match === null) return undefined;
  const [, currency = '', whole = '0', fraction = ''] = match;
  const digits = minorDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const roundUp = (fraction[digits] ?? '0') >= '5' ? 1 : 0;
  const amountMinor = Number(whole) * 10 ** digits + Number(kept || '0') + roundUp;
  return { currency, amountMinor, amount: fraction === '' ? whole : `${whole}.${fraction}` };
}

/** Sums costs per currency. */
export function totalCost(costs: readonly (SmsCost | undefined)[]): SmsCost[] {
  const sums = new Map<string, number>();
  for (const cost of costs) {
    if (cost !== undefined)
      sums.set(cost.currency, (sums.get(cost.currency) ?? 0) + cost.amountMinor);
  }
  return [...sums].map(([currency, amountMinor]) => ({
    currency,
    amountMinor,
    amount: formatMinor(amountMinor, minorDigits(currency)),
  }));
}

function minorDigits(currency: string): number {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

function formatMinor(amountMinor: number, digits: number): string {
  if (digits === 0) return String(amountMinor);
  const text = String(amountMinor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
