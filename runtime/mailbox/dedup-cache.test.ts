import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeIngress } from '../../test-support/fake-ingress';
import { MemoryDedupCache, withinTimeout } from './dedup-cache';

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

describe('withinTimeout', () => {
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // the event loop is blocked, as on a loaded machine
    }
  };

  // Regression (issue 17): an answer already received while the event loop was blocked past the
  // limit was counted as a timeout (and the lookup as a Redis error).
  it('an answer that arrived while the event loop was busy is not a timeout', async () => {
    const server = createServer();
    // A real socket, as Redis's: the answer waits in its buffer while the loop is blocked.
    const peer = new Promise<Socket>((r) => server.once('connection', r));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const far = await peer;
    for (const s of [client, far]) s.on('error', () => undefined);
    try {
      const call = new Promise<string>((r) => client.once('data', (d) => r(d.toString())));
      const result = withinTimeout(call, 20);
      far.write('pong'); // in the client's buffer at once (loopback)
      busy(80); // the answer is there long before the loop looks at the limit's timer
      await expect(result).resolves.toBe('pong');
    } finally {
      client.destroy();
      far.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('a call with no answer within the limit is a timeout', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(withinTimeout(never, 10)).rejects.toThrow('slower than 10 ms');
  });

  it('passes an error through', async () => {
    await expect(withinTimeout(Promise.reject(new Error('down')), 1000)).rejects.toThrow('down');
  });
});
