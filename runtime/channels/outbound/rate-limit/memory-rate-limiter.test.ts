import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './rate-limiter';
import { rateLimiterConformance } from './rate-limiter.conformance';

rateLimiterConformance('memory', () => Promise.resolve(new MemoryRateLimiter()));

describe('memory rate limiter with a pinned clock', () => {
  it('refills exactly by elapsed time and never above the bucket', () => {
    let now = 0;
    const rl = new MemoryRateLimiter(() => now);
    const spec = { ratePerSec: 80 };
    for (let i = 0; i < 80; i++) expect(rl.takeNow('n', spec).allowed).toBe(true);
    expect(rl.takeNow('n', spec)).toEqual({ allowed: false, retryAfterMs: 13 });
    now += 25; // two tokens
    expect(rl.takeNow('n', spec).allowed).toBe(true);
    expect(rl.takeNow('n', spec).allowed).toBe(true);
    expect(rl.takeNow('n', spec).allowed).toBe(false);
    now += 60_000;
    let n = 0;
    while (rl.takeNow('n', spec).allowed) n++;
    expect(n).toBe(80);
  });
});
