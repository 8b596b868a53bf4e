import { describe, expect, it } from 'vitest';
import { fakeIngress } from '../../test-support/fake-ingress';
import { MemoryDedupCache } from './dedup-cache';

describe('MemoryDedupCache', () => {
  it('remembers ids per tenant until they expire', async () => {
    let now = 0;
    const c = new MemoryDedupCache({ ttlMs: 1000, maxEntries: 10 }, () => now);
    expect(await c.seen('a', 'e1')).toBe(false);
    c.remember('a', 'e1');
    expect(await c.seen('a', 'e1')).toBe(true);
    expect(await c.seen('b', 'e1')).toBe(false);
    now = 1000;
    expect(await c.seen('a', 'e1')).toBe(false);
  });

  it('is bounded: the least recently used id is evicted first', async () => {
    const c = new MemoryDedupCache({ ttlMs: 60_000, maxEntries: 3 });
    for (const id of ['e1', 'e2', 'e3']) c.remember('a', id);
    expect(await c.seen('a', 'e1')).toBe(true); // e1 is now the most recent
    c.remember('a', 'e4');
    expect(c.size).toBe(3);
    expect(await c.seen('a', 'e2')).toBe(false);
    for (const id of ['e1', 'e3', 'e4']) expect(await c.seen('a', id), id).toBe(true);
  });
});

describe('Ingress dedup fast path', () => {
  it('answers a known duplicate without writing to the inbox', async () => {
    const f = fakeIngress(new MemoryDedupCache());
    expect((await f.accept('wamid.1')).fresh).toBe(true);
    const again = await f.accept('wamid.1');
    expect(again.fresh).toBe(false);
    expect(f.writes).toEqual(['wamid.1']);
    expect(f.woken).toEqual(['wamid.1']);
  });

  it('remembers an id only once it is stored: a failed write is retried, not swallowed', async () => {
    let fail = true;
    const f = fakeIngress(new MemoryDedupCache(), { failWrites: () => fail });
    await expect(f.accept('wamid.2')).rejects.toThrow(/could not be stored/);
    fail = false;
    expect((await f.accept('wamid.2')).fresh).toBe(true);
    expect((await f.accept('wamid.2')).fresh).toBe(false);
    expect(f.writes).toEqual(['wamid.2', 'wamid.2']);
  });

  it('a miss (evicted or forgotten) falls through to Postgres, which still decides', async () => {
    const cache = new MemoryDedupCache();
    const f = fakeIngress(cache);
    expect((await f.accept('wamid.3')).fresh).toBe(true);
    await cache.close(); // forgets everything
    expect((await f.accept('wamid.3')).fresh).toBe(false);
    expect(f.writes).toEqual(['wamid.3', 'wamid.3']);
    expect(f.woken).toEqual(['wamid.3']);
  });
});
