import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone';

describe('phones', () => {
  it.each([
    ['254712345678', '+254712345678'],
    ['+254712345678', '+254712345678'],
    ['0712345678', '+254712345678'],
    ['+1 415 555 2671', '+14155552671'],
    ['abc', undefined],
    ['', undefined],
    ['+2547', undefined],
    // Other digit scripts are folded to ASCII digits, as phones display them.
    ['٠٧١٢٣٤٥٦٧٨', '+254712345678'],
    ['+254 712 345 678\u0000', undefined],
  ])('%s -> %s', (raw, e164) => expect(normalizePhone(raw)).toBe(e164));

  it('masks the middle of a number', () => {
    expect(maskPhone('+254712345678')).toBe('+2547•••••678');
  });
});
