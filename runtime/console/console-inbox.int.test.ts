import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadInboxFields } from '../../contract';
import type { Runtime } from '../app';
import { recordAccepted } from '../stores/deliveries';
import { tenantSchema } from '../../contract';
import { eventually, simulate } from '../../test-support';
import { startConsoleServer, type ConsoleServer } from '../../test-support/console-browser-rig';
import { startConsoleWhatsApp, type ConsoleWhatsApp } from '../../test-support/console-whatsapp';
import { bookInSimulator, getJson, postJson } from '../../test-support/console-test-kit';

type Row = ThreadInboxFields & { threadKey: string; needsHuman: boolean; state: unknown };

/** The inbox workflow over the API, with the real customer-thread machine (issue 16). */
describe('console inbox and conversation', () => {
  let server: ConsoleServer;
  let rt: Runtime;
  let url: string;
  let wa: ConsoleWhatsApp;
  beforeAll(async () => {
    wa = await startConsoleWhatsApp();
    server = await startConsoleServer({ env: wa.env });
    ({ rt, url } = server);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await wa?.close();
  });

  const list = async (q = '') =>
    (await getJson(`${url}/api/tenants/demo/threads${q}`)).body as {
      threads: Row[];
      total: number;
    };
  const conversation = (key: string) => server.conversation(key);

  it('a customer who asks for a person is queued with waiting time, taken over, resolved', async () => {
    const r = await simulate(url, { from: '+254712300001', text: 'I want to talk to a person' });
    const key = String(r.body.thread);
    const base = `${url}/api/tenants/demo/threads/${encodeURIComponent(key)}`;
    const queued = await list('?needsHuman=1');
    expect(queued.threads.map((t) => t.threadKey)).toEqual([key]);
    const row = queued.threads[0]!;
    expect(row.inbox.waitingSince).toBeGreaterThan(Date.now() - 60_000);
    expect(row.inbox.unread).toBe(1);
    expect(row.lastMessage).toMatchObject({ author: 'bot' });
    expect(row.lastMessage!.text).toMatch(/team/);

    // Regression: take over was impossible on exactly these threads; now it moves them on.
    expect((await postJson(`${base}/takeover`, {})).status).toBe(202);
    await eventually(async () =>
      JSON.stringify((await list('?assignee=me')).threads[0]?.state ?? '').includes('handedOff')
        ? true
        : undefined,
    );
    const mine = await list('?assignee=me');
    expect(mine.threads[0]!.inbox.assignee).toMatchObject({ name: 'local developer' });
    expect(mine.threads[0]!.needsHuman).toBe(true);

    expect((await postJson(`${base}/reply`, { text: 'Amina here, how can I help?' })).status).toBe(
      202,
    );
    const conv = await eventually(async () => {
      const c = await conversation(key);
      return c.messages.some((m) => m.author === 'operator') ? c : undefined;
    });
    expect(conv.messages.map((m) => m.author)).toEqual(['customer', 'bot', 'operator']);
    expect(conv.messages[0]!.text).toBe('I want to talk to a person');
    expect(conv.customer.phone).toBe('+2547•••••001');
    expect(conv.window).toBeNull(); // the simulator has no 24-hour window

    // Regression: a hand-back while waiting was `ignored`; resolve leaves the queue for good.
    expect((await postJson(`${base}/resolve`, {})).status).toBe(202);
    await eventually(async () => ((await list('?needsHuman=1')).total === 0 ? true : undefined));
    const after = (await list()).threads.find((t) => t.threadKey === key)!;
    expect(after.inbox).toMatchObject({ assignee: null, resolvedBy: 'local developer' });
    expect(after.inbox.resolvedAt).toBeGreaterThan(0);
    expect(after.inbox.waitingSince).toBeNull();
  });

  it('unread counts customer messages since this operator last read the thread', async () => {
    const r = await simulate(url, { from: '+254712300002', text: 'Hello' });
    const key = String(r.body.thread);
    const base = `${url}/api/tenants/demo/threads/${encodeURIComponent(key)}`;
    await simulate(url, { from: '+254712300002', text: 'Are you open today?' });
    const unread = async () =>
      (await list()).threads.find((t) => t.threadKey === key)!.inbox.unread;
    expect(await unread()).toBe(2);
    const seq = (await getJson(base)).body.seq as number;
    expect((await postJson(`${base}/read`, { seq })).status).toBe(200);
    expect(await unread()).toBe(0);
    // An older tab cannot un-read it.
    expect((await postJson(`${base}/read`, { seq: 1 })).status).toBe(200);
    expect(await unread()).toBe(0);
    await simulate(url, { from: '+254712300002', text: 'Hello?' });
    expect(await unread()).toBe(1);
    expect((await postJson(`${base}/read`, { seq: 'x' })).status).toBe(400);
    expect((await postJson(`${base}/assign`, { to: 'someone' })).status).toBe(400);
    expect((await postJson(`${base}/assign`, { to: 'me' })).status).toBe(200);
    expect((await postJson(`${base}/assign`, { to: null })).status).toBe(200);
    expect((await list('?assignee=me')).threads.map((t) => t.threadKey)).not.toContain(key);
  });

  // Regression (issue 16): a send that WhatsApp refused showed as sent.
  it('a reply the provider failed to deliver shows as failed, with its reason', async () => {
    // A WhatsApp customer: the reply is an effect in the outbox, sent to the (fake) Graph API.
    const key = await wa.send(rt, 'wamid.console-in-1', '254712300003', 'Hi');
    const schema = tenantSchema('demo');
    const outbox = await eventually(async () => {
      const q = await rt.db.query<{ id: number }>(
        `SELECT id FROM ${schema}.outbox WHERE thread_key = $1 AND kind = 'message.send' AND status = 'done'`,
        [key],
      );
      return q.rows[0];
    });
    // What the WhatsApp status webhook writes for a failed message (see status-writer).
    await recordAccepted(rt.db, schema, {
      providerMessageId: 'wamid.failed-1',
      channel: 'whatsapp',
      outboxId: outbox.id,
      threadKey: key,
      status: 'failed',
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    });
    const conv = await conversation(key);
    const bot = conv.messages.find((m) => m.author === 'bot')!;
    expect(bot.delivery).toBe('failed');
    expect(bot.error).toBe('Message undeliverable (131026)');
  });
  it('an operator cancels a booking from the calendar: through the thread, the customer is told', async () => {
    const from = '+254712300004';
    const r = await bookInSimulator(url, from);
    const key = r.body.thread;
    const appt = await rt.db.query<{ id: number }>(
      `SELECT id FROM t_demo.appointments WHERE thread_key = $1`,
      [key],
    );
    const id = appt.rows[0]!.id;
    const cancel = (n: number | string) =>
      postJson(`${url}/api/tenants/demo/bookings/${n}/cancel`, {});
    expect((await cancel(id)).status).toBe(200);
    await eventually(async () => {
      const q = await rt.db.query<{ status: string }>(
        `SELECT status FROM t_demo.appointments WHERE id = $1`,
        [id],
      );
      return q.rows[0]?.status === 'cancelled' ? true : undefined;
    });
    const told = await eventually(async () => {
      const c = await conversation(key);
      const last = c.messages.at(-1);
      return last?.author === 'bot' && /cancelled/.test(last.text) ? last : undefined;
    });
    expect(told.text).toMatch(/^Done — your Haircut on .* is cancelled/);
    expect((await cancel(id)).status).toBe(409);
    expect((await cancel(999_999)).status).toBe(404);
    expect((await cancel('x')).status).toBe(400);
  });
});
