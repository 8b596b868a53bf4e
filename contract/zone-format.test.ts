import { describe, expect, it } from 'vitest';
import { zonedFormatter } from './zone-format';

describe('zonedFormatter', () => {
  it('builds one formatter per locale, zone and options, and formats in that zone', () => {
    const opts = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
    const nairobi = zonedFormatter('en-CA', { timeZone: 'Africa/Nairobi', ...opts });
    expect(zonedFormatter('en-CA', { timeZone: 'Africa/Nairobi', ...opts })).toBe(nairobi);
    const utc = zonedFormatter('en-CA', { timeZone: 'UTC', ...opts });
    expect(utc).not.toBe(nairobi);
    // 2026-03-06 22:30 UTC is already the 7th in Nairobi (UTC+3).
    const at = Date.UTC(2026, 2, 6, 22, 30);
    expect(nairobi.format(at)).toBe('2026-03-07');
    expect(utc.format(at)).toBe('2026-03-06');
  });

  it('throws for an unknown zone and keeps nothing', () => {
    expect(() => zonedFormatter('en-CA', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => zonedFormatter('en-CA', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
