import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../logger';
import { RedisRateLimiter } from './redis-rate-limiter';
import { rateLimiterConformance } from './rate-limiter.conformance';
import { ResilientRateLimiter } from './resilient-rate-limiter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function ready(rl: RedisRateLimiter): Promise<RedisRateLimiter> {
  if (!rl.ready) await new Promise((r) => rl.redis.once('ready', r));
  return rl;
}

rateLimiterConformance('redis', () =>
  ready(new RedisRateLimiter(REDIS_URL, { prefix: 'test:rl:' })),
);

describe('resilient rate limiter', () => {
  it('uses Redis while it answers, so two processes share one bucket', async () => {
    const log = createLogger({ level: 'silent', logPii: false });
    const a = new ResilientRateLimiter(await ready(new RedisRateLimiter(REDIS_URL)), log);
    const b = new ResilientRateLimiter(await ready(new RedisRateLimiter(REDIS_URL)), log);
    const key = `shared-${Date.now()}`;
    const spec = { ratePerSec: 1, burst: 10 };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take(key, spec)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(a.usingRedis && b.usingRedis).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('degrades to memory when Redis is unreachable, logs it once, and still limits', async () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: 'info', logPii: false },
      { write: (l: string) => lines.push(l) },
    );
    const rl = new ResilientRateLimiter(new RedisRateLimiter('redis://127.0.0.1:1'), log);
    const spec = { ratePerSec: 1, burst: 3 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await rl.take('k', spec));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    await new Promise((r) => setTimeout(r, 300)); // the connection attempt fails meanwhile
    expect(rl.usingRedis).toBe(false);
    expect(lines.filter((l) => l.includes('redis unavailable'))).toHaveLength(1);
    await rl.close();
  });
});
