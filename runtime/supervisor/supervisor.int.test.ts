import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, simulate, startTestRuntime } from '../../test-support/test-runtime';

let t: TestDatabase;
let rt: Runtime;

beforeAll(async () => {
  t = await createTestDatabase();
  rt = await startTestRuntime(t.url);
});
afterAll(async () => {
  await rt?.stop();
  await t?.drop();
});

const journal = async (thread: string) =>
  (
    await t.db.query<{
      seq: number;
      event_type: string;
      outcome: string;
      event: { text?: string };
    }>(
      `SELECT seq, event_type, outcome, event FROM t_demo.journal WHERE thread_key = $1 ORDER BY seq`,
      [thread],
    )
  ).rows;

describe('turns', () => {
  it('answers a message with the replies of its turn, after the commit', async () => {
    const r = await simulate(rt.http.url, { from: '+254711000001', text: 'hello' });
    expect(r.status).toBe(200);
    expect(r.body.replies).toEqual([{ kind: 'text', text: '#1 hello' }]);
    const rows = await journal(r.body.thread);
    expect(rows).toMatchObject([{ seq: 1, event_type: 'message', outcome: 'applied' }]);
  });

  it('keeps per-thread order and sequence numbers under concurrent messages', async () => {
    const from = '+254711000002';
    const texts = Array.from({ length: 20 }, (_, i) => `m${i}`);
    for (const text of texts) await simulate(rt.http.url, { from, text });
    const results = await Promise.all(
      texts.map((text) => simulate(rt.http.url, { from, text: `c-${text}` })),
    );
    const thread = results[0]!.body.thread;
    const rows = await journal(thread);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(rows.slice(0, 20).map((r) => r.event.text)).toEqual(texts);
    const counts = results.map((r) => Number(/^#(\d+)/.exec(r.body.replies[0]!.text)![1]));
    expect(new Set(counts).size).toBe(20);
  });

  it('treats a duplicate delivery as a no-op', async () => {
    const from = '+254711000003';
    const first = await simulate(rt.http.url, { from, text: 'once', messageId: 'dup-1' });
    const again = await Promise.all(
      [1, 2, 3, 4].map(() => simulate(rt.http.url, { from, text: 'once', messageId: 'dup-1' })),
    );
    expect(first.body.duplicate).toBe(false);
    expect(again.every((a) => a.body.duplicate)).toBe(true);
    expect(await journal(first.body.thread)).toHaveLength(1);
  });

  it('records a machine error, dead-letters the event, and the thread keeps working', async () => {
    const from = '+254711000004';
    await simulate(rt.http.url, { from, text: 'one' });
    const boom = await simulate(rt.http.url, { from, text: 'boom' });
    expect(boom.body.status).toBe('error');
    const after = await simulate(rt.http.url, { from, text: 'two' });
    expect(after.body.replies).toEqual([{ kind: 'text', text: '#2 two' }]);
    const { rows } = await t.db.query<{ status: string; error: string }>(
      `SELECT status, error FROM t_demo.inbox WHERE thread_key = $1 AND status = 'dead'`,
      [boom.body.thread],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.error).toMatch(/machine_error: probe machine asked to fail/);
    expect((await journal(boom.body.thread)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('runs a call through the outbox and delivers its result as an event of the same chain', async () => {
    const r = await simulate(rt.http.url, { from: '+254711000005', text: 'call ping' });
    expect(r.body.replies).toEqual([{ kind: 'text', text: 'call probe.echo: {"echo":"ping"}' }]);
    const rows = await journal(r.body.thread);
    expect(rows.map((x) => x.event_type)).toEqual(['message', 'call.result']);
  });

  it('delivers actor-to-actor messages durably to the admin thread', async () => {
    const r = await simulate(rt.http.url, {
      from: '+254711000006',
      text: 'tell owner the door is open',
    });
    expect(r.body.replies).toEqual([{ kind: 'text', text: 'told the owner' }]);
    const admin = await eventually(async () => {
      const { rows } = await t.db.query<{
        thread_key: string;
        snapshot: { context: { relayed: string[] } };
      }>(
        `SELECT a.thread_key, a.snapshot FROM t_demo.actor_snapshots a JOIN t_demo.threads t USING (thread_key) WHERE t.kind = 'admin'`,
      );
      return rows[0];
    });
    expect(admin.snapshot.context.relayed).toEqual(['the door is open']);
  });

  it('ignores (and journals) an event the machine does not accept', async () => {
    const from = '+254711000007';
    const first = await simulate(rt.http.url, { from, text: 'hi' });
    const accepted = await rt.ingress.accept(
      {
        tenant: 'demo',
        eventId: 'test:reminder-out-of-place',
        threadKey: first.body.thread,
        kind: 'customer',
        customerId: null,
        source: 'test',
        channel: null,
        event: { type: 'reminder', at: Date.now() },
      },
      true,
    );
    expect((await accepted.replies!).status).toBe('ok');
    const rows = await journal(first.body.thread);
    expect(rows.map((r) => [r.event_type, r.outcome])).toEqual([
      ['message', 'applied'],
      ['reminder', 'ignored'],
    ]);
  });
});

describe('admission control', () => {
  it('runs at most RATIBA_MAX_CONCURRENT_TURNS turns at once, and every one of a burst', async () => {
    const db = await createTestDatabase();
    let running = 0;
    let most = 0;
    const limited = await startTestRuntime(
      db.url,
      { RATIBA_MAX_CONCURRENT_TURNS: '3' },
      {
        // The enricher runs inside the turn: count how many are inside at once.
        enrich: async ({ event }) => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 20));
          running--;
          return event;
        },
      },
    );
    try {
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          simulate(limited.http.url, { from: `+2547119${String(i).padStart(5, '0')}`, text: 'hi' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array<number>(24).fill(200));
      expect(answers.every((a) => a.body.replies.length === 1)).toBe(true);
      expect(most).toBe(3);
    } finally {
      await limited.stop();
      await db.drop();
    }
  });
});
