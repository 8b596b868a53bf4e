import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { fakeIngress } from '../../test-support/fake-ingress';
import { startRedisServer, type TestRedisServer } from '../../test-support/redis-server';
import { createFaults } from '../faults';
import { TenantRegistry } from '../tenancy/tenant-registry';
import { createTestDatabase } from '../../test-support/test-database';
import { DEFAULT_DEDUP, RedisDedupCache } from './dedup-cache';
import { InboxWriter } from '../stores/inbox-writer';
import { Ingress } from './ingress';
import { ReplyWaiters } from './reply-waiters';

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

/** remember() is fire-and-forget: waits until the id is in Redis (no fixed sleep). */
async function remembered(c: RedisDedupCache, eventId: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await c.redis.exists(`test:dedup:demo:${eventId}`)) === 0) {
    if (Date.now() > deadline) throw new Error(`${eventId} never reached Redis`);
    await new Promise((r) => setTimeout(r, 5));
  }
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
    await remembered(a.cache, 'wamid.r1');
    // Another process sees the id in Redis and never reaches its inbox.
    expect((await fb.accept('wamid.r1')).fresh).toBe(false);
    expect(fb.writes).toEqual([]);
    expect(await lookups(b.metrics, 'hit')).toBe(1);
    const ttl = await a.cache.redis.pttl('test:dedup:demo:wamid.r1');
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    await Promise.all([a.cache.close(), b.cache.close()]);
  });

  // Regression (issue 17): this test said it fell through to Postgres but ran over an in-memory
  // set. It now writes to a real inbox table, whose unique event id is what decides.
  it('after FLUSHALL the repeat falls through to Postgres, which reports the duplicate', async () => {
    const t = await createTestDatabase({ demoTenant: true, max: 2 });
    const a = cacheOn(redis.url);
    try {
      await ready(a.cache);
      const writer = new InboxWriter(t.db, { maxBatch: 8, concurrency: 1 });
      const writes: string[] = [];
      const write = writer.write.bind(writer);
      writer.write = (schema, row) => (writes.push(row.eventId), write(schema, row));
      const woken: string[] = [];
      const ingress = new Ingress(
        {
          db: t.db,
          inbox: writer,
          tenants: new TenantRegistry(t.db),
          waker: { wake: (w) => woken.push(w.row?.eventId ?? '') },
          replies: new ReplyWaiters(),
          faults: createFaults(undefined),
          metrics: createMetrics(),
          dedup: a.cache,
        },
        { shardCount: 16, replyTimeoutMs: 1000, maxTextLength: 4096 },
      );
      const accept = () =>
        ingress.accept({
          tenant: 'demo',
          eventId: 'wamid.r2',
          threadKey: 'c:1',
          kind: 'customer',
          customerId: null,
          source: 'test',
          channel: 'whatsapp',
          event: { type: 'message', at: 0, channel: 'whatsapp', text: 'hi' },
        });
      expect((await accept()).fresh).toBe(true);
      // Flushed after the id reached Redis: the repeat cannot be answered from it.
      await remembered(a.cache, 'wamid.r2');
      await redis.flush();
      expect((await accept()).fresh).toBe(false);
      expect(writes).toEqual(['wamid.r2', 'wamid.r2']); // the second reached Postgres
      expect(woken).toEqual(['wamid.r2']);
      const rows = await t.db.query(`SELECT 1 FROM t_demo.inbox WHERE event_id = 'wamid.r2'`);
      expect(rows.rowCount).toBe(1);
    } finally {
      await a.cache.close();
      await t.drop();
    }
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
