import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher';

/** A flush that records its calls and answers when released. */
function recorder() {
  const calls: { key: string; items: number[]; release: () => void }[] = [];
  const flush = (key: string, items: readonly number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        key,
        items: [...items],
        release: () =>
          key === 'bad' ? reject(new Error('boom')) : resolve(items.map((i) => i * 10)),
      });
    });
  return { calls, flush };
}

/** A Batcher over a recording flush: `calls` are its flushes, released one by one by the test. */
function recordingBatcher(
  keyOf: (i: number) => string,
  options: { maxBatch: number; concurrency: number },
) {
  const r = recorder();
  return { calls: r.calls, b: new Batcher(keyOf, r.flush, options) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('flushes a lone item at once and answers each caller with its own result', async () => {
    const { b, calls } = recordingBatcher((i: number) => (i < 0 ? 'bad' : 'k'), {
      maxBatch: 10,
      concurrency: 1,
    });
    const one = b.submit(1);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0]!.release();
    await expect(one).resolves.toBe(10);
  });

  it('groups what arrives while a flush is in flight, in order, by key, up to maxBatch', async () => {
    const { b, calls } = recordingBatcher((i: number) => (i % 2 ? 'odd' : 'even'), {
      maxBatch: 4,
      concurrency: 1,
    });
    const first = b.submit(0);
    const rest = [1, 2, 3, 4, 5, 6].map((i) => b.submit(i));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.release();
    await first;
    await tick();
    // Next batch: the first four waiting (1..4), one flush per key, each in arrival order.
    expect(calls.slice(1).map((c) => [c.key, c.items])).toEqual([
      ['odd', [1, 3]],
      ['even', [2, 4]],
    ]);
    for (const c of calls.slice(1)) c.release();
    await tick();
    expect(calls.slice(3).map((c) => [c.key, c.items])).toEqual([
      ['odd', [5]],
      ['even', [6]],
    ]);
    for (const c of calls.slice(3)) c.release();
    await expect(Promise.all(rest)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('a failing group rejects its own items only, and the batcher keeps going', async () => {
    const { b, calls } = recordingBatcher((i: number) => (i < 0 ? 'bad' : 'good'), {
      maxBatch: 10,
      concurrency: 1,
    });
    const blocker = b.submit(0);
    const good = b.submit(7);
    const bad = b.submit(-1);
    await tick();
    calls[0]!.release();
    await blocker;
    await tick();
    for (const c of calls.slice(1)) c.release();
    await expect(good).resolves.toBe(70);
    await expect(bad).rejects.toThrow('boom');
    const after = b.submit(2);
    await tick();
    calls.at(-1)!.release();
    await expect(after).resolves.toBe(20);
  });

  it('keeps at most `concurrency` flushes in flight', async () => {
    const { b, calls } = recordingBatcher(() => 'k', { maxBatch: 1, concurrency: 2 });
    const all = [1, 2, 3, 4].map((i) => b.submit(i));
    await tick();
    expect(calls).toHaveLength(2);
    calls[0]!.release();
    await tick();
    expect(calls).toHaveLength(3);
    for (const c of calls.slice(1)) c.release();
    await tick();
    calls.at(-1)!.release();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40]);
  });
});
