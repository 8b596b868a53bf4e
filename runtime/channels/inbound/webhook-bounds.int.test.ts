/**
 * What one webhook request may carry. Regression (issue 17): one WhatsApp webhook carrying 3,000
 * messages took 9-34 s to acknowledge, every message waiting for the one before (one inbox round
 * trip each). Now a body is bounded (MAX_WEBHOOK_ITEMS, 413 naming the limit, nothing written)
 * and the senders of a body are written concurrently (each sender's messages still in order).
 */
import { describe, expect, it } from 'vitest';
import { metaText, useChannelEnv, waText } from '../../../test-support/channel-test-kit';
const MAX_WEBHOOK_ITEMS = 1000;

const env = useChannelEnv();

type WaDoc = { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] };

/** One WhatsApp webhook carrying `n` text messages; message i is from `fromOf(i)`. */
function waBatch(prefix: string, n: number, fromOf: (i: number) => string): string {
  const doc = JSON.parse(waText('x', '254712000001', 'x')) as WaDoc;
  const value = doc.entry[0]!.changes[0]!.value;
  const template = value.messages[0]!;
  value.messages = Array.from({ length: n }, (_, i) => ({
    ...template,
    id: `${prefix}${i}`,
    from: fromOf(i),
    text: { body: `message ${i}` },
  }));
  return JSON.stringify(doc);
}

const stored = async (like: string) =>
  (
    await env.t.db.query<{ event_id: string; thread_key: string }>(
      `SELECT event_id, thread_key FROM t_demo.inbox WHERE event_id LIKE $1 ORDER BY id`,
      [like],
    )
  ).rows;

describe('webhook bounds', () => {
  it(`refuses a body of more than ${MAX_WEBHOOK_ITEMS} items with a 413 and writes nothing`, async () => {
    const body = waBatch('wamid.HUGE', 3000, (i) => `2547140${String(i).padStart(5, '0')}`);
    const res = await env.post('/webhooks/whatsapp', body);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain(
      `at most ${MAX_WEBHOOK_ITEMS}`,
    );
    expect(await stored('wa:wamid.HUGE%')).toHaveLength(0);
  });

  it('stores a full body of many senders, and each sender in the order sent', async () => {
    // 200 senders, 5 messages each, interleaved as Meta would batch them.
    const senders = 200;
    const fromOf = (i: number) => `2547150${String(i % senders).padStart(5, '0')}`;
    const body = waBatch('wamid.FULL', MAX_WEBHOOK_ITEMS, fromOf);
    const started = performance.now();
    const res = await env.post('/webhooks/whatsapp', body);
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    console.info(`ack of a ${MAX_WEBHOOK_ITEMS}-message webhook: ${Math.round(ackMs)} ms`);
    const rows = await stored('wa:wamid.FULL%');
    expect(rows).toHaveLength(MAX_WEBHOOK_ITEMS);
    const bySender = new Map<string, number[]>();
    for (const r of rows) {
      const i = Number(r.event_id.slice('wa:wamid.FULL'.length));
      bySender.set(r.thread_key, [...(bySender.get(r.thread_key) ?? []), i]);
    }
    expect(bySender.size).toBe(senders);
    for (const order of bySender.values()) expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('bounds Messenger bodies the same way', async () => {
    const doc = JSON.parse(metaText('messenger', 'm_0', '6543210987', 'x')) as {
      entry: { messaging: Record<string, unknown>[] }[];
    };
    const one = doc.entry[0]!.messaging[0]!;
    doc.entry[0]!.messaging = Array.from({ length: MAX_WEBHOOK_ITEMS + 1 }, (_, i) => ({
      ...one,
      message: { mid: `m_BIG${i}`, text: 'hi' },
    }));
    const res = await env.post('/webhooks/messenger', JSON.stringify(doc));
    expect(res.status).toBe(413);
    expect(await stored('fb:m_BIG%')).toHaveLength(0);
  });
});
