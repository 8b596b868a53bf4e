import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from './rate-limiter';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The behaviour every RateLimiter must have; run by each implementation's test file. */
export function rateLimiterConformance(name: string, make: () => Promise<RateLimiter>): void {
  describe(`${name} rate limiter (conformance)`, () => {
    let rl: RateLimiter;
    const key = (k: string) => `${randomUUID()}:${k}`;
    beforeAll(async () => {
      rl = await make();
    });
    afterAll(async () => {
      await rl?.close();
    });

    it('lets a full bucket go at once, then refuses with the time to the next token', async () => {
      const k = key('burst');
      const results = [];
      for (let i = 0; i < 11; i++) results.push(await rl.take(k, { ratePerSec: 10 }));
      expect(results.slice(0, 10).every((r) => r.allowed && r.retryAfterMs === 0)).toBe(true);
      expect(results[10]!.allowed).toBe(false);
      expect(results[10]!.retryAfterMs).toBeGreaterThan(0);
      expect(results[10]!.retryAfterMs).toBeLessThanOrEqual(100);
    });

    it('refills at the rate: after the announced wait a token is there', async () => {
      const k = key('refill');
      expect((await rl.take(k, { ratePerSec: 20, burst: 1 })).allowed).toBe(true);
      const denied = await rl.take(k, { ratePerSec: 20, burst: 1 });
      expect(denied.allowed).toBe(false);
      await sleep(denied.retryAfterMs + 5);
      expect((await rl.take(k, { ratePerSec: 20, burst: 1 })).allowed).toBe(true);
    });

    it('keeps keys apart', async () => {
      const a = key('a');
      const b = key('b');
      expect((await rl.take(a, { ratePerSec: 1, burst: 1 })).allowed).toBe(true);
      expect((await rl.take(a, { ratePerSec: 1, burst: 1 })).allowed).toBe(false);
      expect((await rl.take(b, { ratePerSec: 1, burst: 1 })).allowed).toBe(true);
    });

    it('never hands out more than the bucket holds to concurrent takers', async () => {
      const k = key('race');
      const results = await Promise.all(
        Array.from({ length: 100 }, () => rl.take(k, { ratePerSec: 1, burst: 30 })),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(30);
    });

    it('holds a sustained rate', async () => {
      const k = key('sustained');
      const spec = { ratePerSec: 50, burst: 1 };
      const started = Date.now();
      let allowed = 0;
      while (Date.now() - started < 1000) {
        const r = await rl.take(k, spec);
        if (r.allowed) allowed++;
        else await sleep(Math.min(r.retryAfterMs, 5));
      }
      expect(allowed).toBeGreaterThanOrEqual(40);
      expect(allowed).toBeLessThanOrEqual(52);
    });
  });
}
