import { describe, expect, it } from 'vitest';
import { parseSmsCost, totalCost } from './cost';

describe('parseSmsCost', () => {
  it.each([
    ['KES 0.8000', { currency: 'KES', amountMinor: 80, amount: '0.8000' }],
    ['KES 1.6000', { currency: 'KES', amountMinor: 160, amount: '1.6000' }],
    ['KES 12', { currency: 'KES', amountMinor: 1200, amount: '12' }],
    ['KES 0.8050', { currency: 'KES', amountMinor: 81, amount: '0.8050' }],
    ['KES 0.8049', { currency: 'KES', amountMinor: 80, amount: '0.8049' }],
    ['UGX 25.0000', { currency: 'UGX', amountMinor: 25, amount: '25.0000' }],
    ['USD 0.0150', { currency: 'USD', amountMinor: 2, amount: '0.0150' }],
  ])('%s', (value, expected) => {
    expect(parseSmsCost(value)).toEqual(expected);
  });

  it.each(['0', '', 'None', 'KES', 'KES -1', 'kes 1'])('%j is no charge', (value) => {
    expect(parseSmsCost(value)).toBeUndefined();
  });

  it('adds costs per currency without floating point drift', () => {
    const costs = Array.from({ length: 10 }, () => parseSmsCost('KES 0.1000'));
    expect(totalCost([...costs, undefined, parseSmsCost('UGX 30')])).toEqual([
      { currency: 'KES', amountMinor: 100, amount: '1.00' },
      { currency: 'UGX', amountMinor: 30, amount: '30' },
    ]);
  });
});
