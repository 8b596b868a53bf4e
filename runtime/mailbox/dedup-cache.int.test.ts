import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { fakeIngress } from '../../test-support/fake-ingress';
import { startRedisServer, type TestRedisServer } from '../../test-support/redis-server';
import { DEFAULT_DEDUP, RedisDedupCache } from './dedup-cache';

let redis: TestRedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.close();
});

function cacheOn(url: string, lines: string[] = []) {
  const log = createLogger(
    { level: 'info', logPii: false },
    { write: (l: string) => lines.push(l) },
  );
  const metrics = createMetrics();
  const cache = new RedisDedupCache(url, log, metrics, {
    ...DEFAULT_DEDUP,
    prefix: 'test:dedup:',
    commandTimeoutMs: 100,
  });
  return { cache, metrics };
}

async function ready(c: RedisDedupCache): Promise<void> {
  if (c.redis.status !== 'ready') await new Promise((r) => c.redis.once('ready', r));
}

async function lookups(metrics: ReturnType<typeof createMetrics>, result: string) {
  const m = await metrics.registry.getSingleMetric('ratiba_dedup_lookups_total')?.get();
  return m?.values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('RedisDedupCache', () => {
  it('shares ids between processes, with a TTL, and short-circuits duplicates', async () => {
    const a = cacheOn(redis.url);
    const b = cacheOn(redis.url);
    await Promise.all([ready(a.cache), ready(b.cache)]);
    const fa = fakeIngress(a.cache);
    const fb = fakeIngress(b.cache);
    expect((await fa.accept('wamid.r1')).fresh).toBe(true);
    await new Promise((r) => setTimeout(r, 20)); // remember() is fire-and-forget
    // Another process sees the id in Redis and never reaches its inbox.
    expect((await fb.accept('wamid.r1')).fresh).toBe(false);
    expect(fb.writes).toEqual([]);
    expect(await lookups(b.metrics, 'hit')).toBe(1);
    const ttl = await a.cache.redis.pttl('test:dedup:demo:wamid.r1');
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    await Promise.all([a.cache.close(), b.cache.close()]);
  });

  it('after FLUSHALL the repeat falls through to Postgres, which reports the duplicate', async () => {
    const a = cacheOn(redis.url);
    await ready(a.cache);
    const f = fakeIngress(a.cache);
    expect((await f.accept('wamid.r2')).fresh).toBe(true);
    await redis.flush();
    expect((await f.accept('wamid.r2')).fresh).toBe(false);
    expect(f.writes).toEqual(['wamid.r2', 'wamid.r2']);
    expect(f.woken).toEqual(['wamid.r2']);
    await a.cache.close();
  });

  it('Redis down: every event still stored once, the outage logged once and counted', async () => {
    const lines: string[] = [];
    const a = cacheOn('redis://127.0.0.1:1', lines);
    const f = fakeIngress(a.cache);
    const results = [];
    for (const id of ['x1', 'x2', 'x1', 'x2', 'x3']) results.push((await f.accept(id)).fresh);
    expect(results).toEqual([true, true, false, false, true]);
    expect(f.woken).toEqual(['x1', 'x2', 'x3']);
    expect(await lookups(a.metrics, 'error')).toBe(5);
    expect(lines.filter((l) => l.includes('redis unavailable'))).toHaveLength(1);
    await a.cache.close();
  });
});
