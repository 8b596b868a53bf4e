import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSchema } from '../../contract/schema-name';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { type InboxInsert, pendingForThreads } from './inbox';
import { threadLookup } from '../db/batcher';
import { InboxWriter } from './inbox-writer';

const schema = tenantSchema('demo');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
});
afterAll(() => t.drop());

const row = (eventId: string, threadKey: string, receipt = true): InboxInsert => ({
  eventId,
  threadKey,
  kind: 'customer',
  customerId: null,
  shard: 3,
  source: 'test',
  channel: 'whatsapp',
  event: { type: 'message', at: 1, text: eventId },
  ...(receipt
    ? {
        effects: [
          { kind: 'test.read', payload: { id: eventId }, idempotencyKey: `read:${eventId}` },
        ],
      }
    : {}),
});

describe('InboxWriter', () => {
  it('one statement per batch: rows in order, duplicates answered null, receipts only for new events', async () => {
    const w = new InboxWriter(t.db, { maxBatch: 64, concurrency: 1 });
    const first = w.write(schema, row('w-0', 'c:w1'));
    const batch = [
      row('w-1', 'c:w1'),
      row('w-2', 'c:w2'),
      row('w-1', 'c:w1'), // the same delivery twice in one batch
      row('w-3', 'c:w1', false),
      row('w-0', 'c:w1'), // already stored by the first write
    ].map((r) => w.write(schema, r));
    const ids = [await first, ...(await Promise.all(batch))];
    expect(ids[0]).toBeTypeOf('number');
    expect(ids[3]).toBeNull();
    expect(ids[5]).toBeNull();
    const fresh = [ids[0], ids[1], ids[2], ids[4]] as number[];
    expect(fresh.every((id, i) => i === 0 || id > fresh[i - 1]!)).toBe(true);

    const inbox = await t.db.query<{ event_id: string }>(
      `SELECT event_id FROM t_demo.inbox WHERE event_id LIKE 'w-%' ORDER BY id`,
    );
    expect(inbox.rows.map((r) => r.event_id)).toEqual(['w-0', 'w-1', 'w-2', 'w-3']);
    const outbox = await t.db.query<{ thread_key: string; idempotency_key: string; shard: number }>(
      `SELECT thread_key, idempotency_key, shard FROM t_demo.outbox
       WHERE kind = 'test.read' ORDER BY id`,
    );
    expect(outbox.rows).toEqual([
      { thread_key: 'c:w1', idempotency_key: 'read:w-0', shard: 3 },
      { thread_key: 'c:w1', idempotency_key: 'read:w-1', shard: 3 },
      { thread_key: 'c:w2', idempotency_key: 'read:w-2', shard: 3 },
    ]);
    const threads = await t.db.query<{ thread_key: string }>(
      `SELECT thread_key FROM t_demo.threads WHERE thread_key IN ('c:w1', 'c:w2') ORDER BY 1`,
    );
    expect(threads.rows.map((r) => r.thread_key)).toEqual(['c:w1', 'c:w2']);
  });

  it('pending rows of many threads in one query: each thread in inbox order, limited, unknown ones empty', async () => {
    const w = new InboxWriter(t.db, { maxBatch: 64, concurrency: 1 });
    for (const [e, k] of [
      ['p-1', 'c:p1'],
      ['p-2', 'c:p2'],
      ['p-3', 'c:p1'],
      ['p-4', 'c:p1'],
    ])
      await w.write(schema, row(e!, k!, false));
    const got = await pendingForThreads(t.db, schema, ['c:p1', 'c:p2', 'c:none', 'c:p1'], 2);
    expect([...got].map(([k, rows]) => [k, rows.map((r) => r.eventId)])).toEqual([
      ['c:p1', ['p-1', 'p-3']],
      ['c:p2', ['p-2']],
      ['c:none', []],
    ]);
    let queries = 0;
    const pending = threadLookup(
      async (sch, keys) => {
        queries++;
        const rows = await pendingForThreads(t.db, sch, keys);
        return keys.map((k) => rows.get(k)!);
      },
      { maxBatch: 64, concurrency: 1 },
    );
    const [, a, b] = await Promise.all([
      pending(schema, 'c:none'),
      pending(schema, 'c:p2'),
      pending(schema, 'c:p1'),
    ]);
    // The first read went alone; the two asked while it was in flight shared one query.
    expect(queries).toBe(2);
    expect(a.map((r) => r.eventId)).toEqual(['p-2']);
    expect(b.map((r) => r.eventId)).toEqual(['p-1', 'p-3', 'p-4']);
  });
});
