import { describe, expect, it } from 'vitest';
import { ReplyWaiters } from './reply-waiters';

const text = (t: string) => ({ kind: 'text' as const, text: t });

describe('reply waiters', () => {
  it('resolves when the chain has no open call left', async () => {
    const w = new ReplyWaiters();
    const p = w.wait('e1', 1000);
    w.committed('e1', [text('checking')], 1, false);
    expect(w.has('e1')).toBe(true);
    w.committed('e1', [text('here are slots')], 0, true);
    await expect(p).resolves.toEqual({
      status: 'ok',
      replies: [text('checking'), text('here are slots')],
    });
  });

  it('times out with what it has', async () => {
    const w = new ReplyWaiters();
    const p = w.wait('e2', 20);
    w.committed('e2', [text('a')], 1, false);
    await expect(p).resolves.toEqual({ status: 'timeout', replies: [text('a')] });
  });
});
