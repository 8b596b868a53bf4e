import { describe, expect, it } from 'vitest';
import type { InboxRow } from '../stores/inbox';
import { ThreadCell } from './thread-cell';

const row = (id: number): InboxRow => ({
  id,
  eventId: `e${id}`,
  threadKey: 'c:1',
  shard: 0,
  event: { type: 'message', at: id },
  receivedAt: id,
});
const ids = (c: ThreadCell) => c.queue.map((r) => r.id);

describe('thread cell', () => {
  // Regression (cluster SIGSTOP fault test): the head row had been processed by the shard's
  // owner while this process was paused; merging reads kept it queued, retried forever.
  it('drops queued rows the inbox no longer has pending, keeps those queued during the read', () => {
    const c = new ThreadCell('demo', 'c:1', 0);
    for (const id of [3, 5, 7]) c.enqueue(row(id));
    const asked = new Set(ids(c));
    c.enqueue(row(9)); // a wake-up's row, queued while the read was in flight
    expect(c.sync([row(5), row(7), row(8)], 100, asked)).toBe(1);
    expect(ids(c)).toEqual([5, 7, 8, 9]);
  });

  it('keeps queued rows beyond a read that hit its limit', () => {
    const c = new ThreadCell('demo', 'c:1', 0);
    for (const id of [1, 2, 50]) c.enqueue(row(id));
    expect(c.sync([row(2), row(3)], 2, new Set(ids(c)))).toBe(1);
    expect(ids(c)).toEqual([2, 3, 50]);
  });
});
