import { describe, expect, it } from 'vitest';
import { tenantSchema } from '../../contract';
import type { Runtime } from '../app';
import { listThreads } from './thread-queries';
import { simulate } from '../../test-support';
import {
  useConsoleServer,
  workdayAhead,
  type ConsoleServer,
} from '../../test-support/console-browser-rig';
import { getJson, postJson } from '../../test-support/console-test-kit';

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+03:00`;

/** Create, move and cancel from the calendar, and assigning threads (issue 16), over the API. */
describe('console calendar changes and assignment', () => {
  let server: ConsoleServer;
  let rt: Runtime;
  let url: string;
  const day = workdayAhead();
  useConsoleServer((s) => {
    server = s;
    ({ rt, url } = s);
  });

  /** A booking's body: the customer, the service with whom, and the time on `day`. */
  const slot = (customer: object, serviceId: string, staffId: string, hhmm: string) => ({
    customer,
    serviceId,
    staffId,
    start: at(day, hhmm),
  });
  const book = (body: unknown) => postJson(`${url}/api/tenants/demo/bookings`, body);
  const move = (id: number | string, body: unknown) =>
    postJson(`${url}/api/tenants/demo/bookings/${id}/move`, body);
  const cancel = (id: number | string, body: unknown = {}) =>
    postJson(`${url}/api/tenants/demo/bookings/${id}/cancel`, body);
  const botSaid = (key: string, re: RegExp) => server.botSaid(key, re);
  const status = async (id: number) =>
    (
      await rt.db.query<{ status: string }>(
        `SELECT status FROM t_demo.appointments WHERE id = $1`,
        [id],
      )
    ).rows[0]?.status;

  it('books a new customer (phone + name) from an empty slot; the customer is told', async () => {
    const r = await book(
      slot({ phone: '0712 300 101', name: 'Amina Test' }, 'haircut', 'wanjiku', '10:00'),
    );
    expect(r.status).toBe(201);
    const appt = r.body.appointment as { id: number; staffId: string; start: string };
    expect(appt).toMatchObject({ staffId: 'wanjiku', start: at(day, '10:00') });
    expect(await status(appt.id)).toBe('booked');
    const thread = String(r.body.thread);
    const told = await botSaid(thread, /Haircut/);
    expect(told.text).toMatch(/booked|all set|confirmed/i);
    const name = await rt.db.query<{ display_name: string; phone: string }>(
      `SELECT display_name, phone FROM t_demo.customers WHERE id = $1`,
      [Number(thread.slice(2))],
    );
    expect(name.rows[0]).toEqual({ display_name: 'Amina Test', phone: '+254712300101' });
    // The audit names the operator.
    const audit = await rt.db.query<{ action: string; after: { operator: { name: string } } }>(
      `SELECT action, after FROM t_demo.admin_audit WHERE target = $1`,
      [`appointment:${appt.id}`],
    );
    expect(audit.rows[0]?.action).toBe('calendar_book');
  });

  it('refuses a conflict with its reason and changes nothing', async () => {
    const baraka = { phone: '+254712300102', name: 'Baraka' };
    const before = await rt.db.query(`SELECT count(*)::int AS n FROM t_demo.appointments`);
    const taken = await book(slot(baraka, 'haircut', 'wanjiku', '10:15'));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: 'slot_taken' });
    expect(String(taken.body.message)).toMatch(/Wanjiku is already booked/);
    const closed = await book(slot(baraka, 'haircut', 'wanjiku', '21:00'));
    expect(closed.status).toBe(409);
    expect(String(closed.body.message)).toMatch(/working hours/);
    const unqualified = await book(slot(baraka, 'massage', 'wanjiku', '12:00'));
    expect(unqualified.status).toBe(409);
    expect(unqualified.body.message).toBe('Wanjiku does not do Full body massage.');
    const bad = await book(slot({ phone: 'abc', name: 'X' }, 'haircut', 'wanjiku', '12:00'));
    expect(bad.status).toBe(400);
    expect((await book({ serviceId: 'haircut' })).status).toBe(400);
    const after = await rt.db.query(`SELECT count(*)::int AS n FROM t_demo.appointments`);
    expect(after.rows).toEqual(before.rows);
  });

  it('books an existing customer by thread, moves it (told in Swahili), refuses a clash', async () => {
    const s = await simulate(url, { from: '+254712300103', text: 'Habari, nataka kusuka nywele' });
    const thread = s.body.thread;
    const r = await book(slot({ threadKey: thread }, 'manicure', 'achieng', '14:00'));
    expect(r.status).toBe(201);
    const id = (r.body.appointment as { id: number }).id;
    await botSaid(thread, /Umewekewa|Uko tayari|imethibitishwa/);
    // Another booking at 16:00 with Achieng, then moving the first one onto it is refused.
    const other = await book(
      slot({ phone: '+254712300104', name: 'Chebet' }, 'manicure', 'achieng', '16:00'),
    );
    expect(other.status).toBe(201);
    const clash = await move(id, { start: at(day, '16:15') });
    expect(clash.status).toBe(409);
    expect(String(clash.body.message)).toMatch(/Achieng is already booked/);
    expect(await status(id)).toBe('booked');
    const moved = await move(id, { start: at(day, '11:00') });
    expect(moved.status).toBe(200);
    const now = moved.body.appointment as { id: number; start: string };
    expect(now.start).toBe(at(day, '11:00'));
    expect(await status(id)).toBe('cancelled');
    expect(await status(now.id)).toBe('booked');
    await botSaid(thread, /^Imekamilika — miadi yako ya .* sasa ni /);
    expect((await move(id, { start: at(day, '12:00') })).status).toBe(409);
    expect((await move(999_999, { start: at(day, '12:00') })).status).toBe(404);
    expect((await move(now.id, { start: 'tomorrow' })).status).toBe(400);
  });

  it('cancel edge cases: cancelled, past and paid bookings get a clear message, nothing half-done', async () => {
    const r = await book(
      slot({ phone: '+254712300105', name: 'Dalia' }, 'pedicure', 'achieng', '09:00'),
    );
    const id = (r.body.appointment as { id: number }).id;
    const thread = String(r.body.thread);
    // Paid: refused until acknowledged; the message names the amount.
    await rt.db.query(
      `INSERT INTO t_demo.payments
         (appointment_id, thread_key, provider, amount_minor, idempotency_key, status, settled_at)
       VALUES ($1, $2, 'mpesa', 150000, $3, 'paid', now())`,
      [id, thread, `test-paid-${id}`],
    );
    const paid = await cancel(id);
    expect(paid.status).toBe(409);
    expect(paid.body.error).toBe('paid');
    expect(String(paid.body.message)).toMatch(/paid \(KES 1,500\)/);
    expect(await status(id)).toBe('booked');
    const done = await cancel(id, { acknowledgePaid: true });
    expect(done.status).toBe(200);
    expect(await status(id)).toBe('cancelled');
    await botSaid(thread, /^Done — your Pedicure on .* is cancelled/);
    const again = await cancel(id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: 'already_cancelled',
      message: 'This booking is already cancelled.',
    });
    // A booking whose time has passed.
    await rt.db.query(
      `UPDATE t_demo.appointments SET status = 'booked', cancelled_at = NULL, start_at = now() - interval '2 hours',
         end_at = now() - interval '1 hour', buffer_end_at = now() - interval '1 hour' WHERE id = $1`,
      [id],
    );
    const past = await cancel(id, { acknowledgePaid: true });
    expect(past.status).toBe(409);
    expect(past.body.error).toBe('past');
    expect(await status(id)).toBe('booked');
    expect((await cancel(999_999)).status).toBe(404);
    expect((await cancel('x')).status).toBe(400);
  });

  it('assigns a thread to another known operator; their "Mine" shows it; the audit has it', async () => {
    const s = await simulate(url, { from: '+254712300106', text: 'hello' });
    const key = s.body.thread;
    const base = `${url}/api/tenants/demo/threads/${encodeURIComponent(key)}`;
    // Unknown operators are refused.
    const unknown = await postJson(`${base}/assign`, { to: { subject: 'op-2' } });
    expect(unknown.status).toBe(400);
    await rt.db.query(
      `INSERT INTO t_demo.console_operators (subject, name) VALUES ('op-2', 'Zawadi')`,
    );
    const ops = await getJson(`${url}/api/tenants/demo/operators`);
    const names = (ops.body.operators as { name: string }[]).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Zawadi', 'local developer']));
    const r = await postJson(`${base}/assign`, { to: { subject: 'op-2' } });
    expect(r.status).toBe(200);
    expect(r.body.assignee).toEqual({ subject: 'op-2', name: 'Zawadi' });
    const conv = await getJson(`${base}/conversation`);
    expect((conv.body.inbox as { assignee: unknown }).assignee).toEqual({
      subject: 'op-2',
      name: 'Zawadi',
    });
    // The assignee's "Mine" (the list filtered by their subject) shows it; this operator's does not.
    const theirs = await listThreads(rt.db, tenantSchema('demo'), { limit: 50, assignee: 'op-2' });
    expect(theirs.threads.map((t) => t.threadKey)).toContain(key);
    const mine = await getJson(`${url}/api/tenants/demo/threads?assignee=me`);
    expect((mine.body.threads as { threadKey: string }[]).map((t) => t.threadKey)).not.toContain(
      key,
    );
    const audit = await rt.db.query<{ action: string; target: string }>(
      `SELECT action, target FROM t_demo.admin_audit WHERE thread_key = $1 ORDER BY id`,
      [key],
    );
    expect(audit.rows).toEqual([{ action: 'console_assign', target: 'operator:op-2' }]);
  });
});
