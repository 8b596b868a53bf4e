import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentSummary } from '../../contract';
import type { RecordedRequest } from '../../adapters/whatsapp/testing';
import { bookingHandlers } from './';
import type { EffectContext } from '../effects/effect-handler';
import { createLogger } from '../logger';
import { TenantRegistry, type Tenant } from '../tenancy/tenant-registry';
import { eventually } from '../../test-support/test-runtime';
import {
  applyChannelTenant,
  startChannelEnv,
  waStatus,
  waText,
  type ChannelEnv,
} from '../../test-support/channel-test-kit';
import { withReminders } from './reminder-scheduler';

// Monday 2 March 2026, 07:00 in Nairobi; the demo salon opens 08:00 on weekdays.
const NOW = Date.parse('2026-03-02T07:00:00+03:00');
const log = createLogger({ level: 'silent', logPii: false });

let env: ChannelEnv;
let tenant: Tenant;

beforeAll(async () => {
  env = await startChannelEnv();
  tenant = (await new TenantRegistry(env.t.db).get('demo'))!;
});
afterAll(() => env?.stop());

const json = (r: RecordedRequest) =>
  r.json as {
    to?: string;
    type?: string;
    interactive?: { body: { text: string } };
    text?: { body: string };
  };
const sendsTo = (to: string) => env.graph.sends().filter((r) => json(r).to === to);
const bodyText = (r: RecordedRequest) => json(r).interactive?.body.text ?? json(r).text?.body ?? '';

async function threadOf(phone: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await env.t.db.query<{ thread_key: string }>(
      `SELECT t.thread_key FROM t_demo.threads t JOIN t_demo.customers c ON c.id = t.customer_id WHERE c.phone = $1`,
      [phone],
    );
    return rows[0]?.thread_key;
  });
}

const timers = async (threadKey: string) =>
  (
    await env.t.db.query<{ timer_key: string; fire_at: Date; event: { summary: string } }>(
      `SELECT timer_key, fire_at, event FROM t_demo.timers WHERE thread_key = $1 AND timer_key LIKE 'reminder:%' ORDER BY fire_at`,
      [threadKey],
    )
  ).rows;

describe('reminders follow bookings', () => {
  let h: ReturnType<typeof withReminders>;
  let threadKey: string;
  let n = 0;
  const ctx = (): EffectContext => ({
    tenant,
    threadKey,
    outboxId: ++n,
    idempotencyKey: `k${n}`,
    attempt: 1,
    now: NOW,
  });
  /** booking.create of a haircut through the reminder-wrapped handlers. */
  const bookHaircut = async (staffId: string, start: string) =>
    (await h['booking.create']!.run(
      { serviceId: 'haircut', staffId, start, channel: 'whatsapp' },
      ctx(),
    )) as { ok: boolean; appointment: { id: number } };

  beforeAll(async () => {
    h = withReminders(bookingHandlers(env.t.db, log), { db: env.t.db, shardCount: 16, log });
    const { rows } = await env.t.db.query<{ id: number }>(
      `INSERT INTO t_demo.customers (phone) VALUES ('+254712500001') RETURNING id`,
    );
    threadKey = `c:${rows[0]!.id}`;
  });

  it('booking.create sets 24 h and 2 h reminders (the 2 h one moved out of quiet hours)', async () => {
    const r = await bookHaircut('wanjiku', '2026-03-03T08:00:00+03:00');
    expect(r.ok).toBe(true);
    const id = r.appointment.id;
    const t = await timers(threadKey);
    expect(t.map((x) => [x.timer_key, x.fire_at.toISOString()])).toEqual([
      [`reminder:${id}:1440`, '2026-03-02T05:00:00.000Z'],
      [`reminder:${id}:120`, '2026-03-03T04:00:00.000Z'], // 07:00 Nairobi, end of quiet hours
    ]);
    expect(t[0]!.event).toMatchObject({ type: 'reminder.due', appointmentId: id });
    expect(t[0]!.event.summary).toBe('Haircut with Wanjiku, Tue 2026-03-03 at 08:00');
  });

  it('booking.reschedule moves them; booking.cancel removes them', async () => {
    const created = await bookHaircut('baraka', '2026-03-04T10:00:00+03:00');
    const id = created.appointment.id;
    const moved = (await h['booking.reschedule']!.run(
      { appointmentId: id, start: '2026-03-05T15:00:00+03:00', staffId: 'baraka' },
      ctx(),
    )) as { ok: boolean; appointment: { id: number } };
    expect(moved.ok).toBe(true);
    const mine = (await timers(threadKey)).filter(
      (x) =>
        x.timer_key.startsWith(`reminder:${id}:`) ||
        x.timer_key.startsWith(`reminder:${moved.appointment.id}:`),
    );
    expect(mine.map((x) => x.fire_at.toISOString())).toEqual([
      '2026-03-04T12:00:00.000Z',
      '2026-03-05T10:00:00.000Z',
    ]);
    await h['booking.cancel']!.run({ appointmentId: moved.appointment.id }, ctx());
    expect(
      (await timers(threadKey)).filter((x) =>
        x.timer_key.startsWith(`reminder:${moved.appointment.id}:`),
      ),
    ).toEqual([]);
  });
});

let slot = 0;

/**
 * 10:00 + (n mod 8) hours in Nairobi (UTC+3 all year), on the (n div 8)-th open day from four
 * days ahead: Sundays and Christmas (the demo salon is closed) are not counted.
 */
function slotStart(n: number): string {
  const DAY = 86_400_000;
  const closed = (dayMs: number) => {
    const noon = new Date(dayMs + DAY / 2);
    return noon.getUTCDay() === 0 || noon.toISOString().slice(5, 10) === '12-25';
  };
  let day = Math.floor((Date.now() + 4 * DAY) / DAY) * DAY;
  for (let left = Math.floor(n / 8); ; day += DAY) {
    if (closed(day)) continue;
    if (left-- === 0) break;
  }
  return new Date(day + (7 + (n % 8)) * 3_600_000).toISOString();
}

/** Books through the booking call as the thread would, which sets the reminders' timers. */
async function book(threadKey: string, staffId = 'wanjiku'): Promise<AppointmentSummary> {
  const handlers = withReminders(bookingHandlers(env.t.db, log), {
    db: env.t.db,
    shardCount: 16,
    log,
  });
  const n = slot++;
  const r = (await handlers['booking.create']!.run(
    { serviceId: 'haircut', staffId, start: slotStart(n), channel: 'whatsapp' },
    { tenant, threadKey, outboxId: 0, idempotencyKey: `book-${n}`, attempt: 1, now: Date.now() },
  )) as { ok: boolean; appointment: AppointmentSummary };
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return r.appointment;
}

/** Makes the appointment's 2-hour reminder due now; the timer service fires it. */
async function fireReminder(threadKey: string, appointmentId: number): Promise<number> {
  const { rows } = await env.t.db.query<{ id: number }>(
    `UPDATE t_demo.timers SET fire_at = now() WHERE thread_key = $1 AND timer_key = $2 RETURNING id`,
    [threadKey, `reminder:${appointmentId}:120`],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

/** Waits until the timer was handled; whether its event reached the thread's inbox. */
async function reachedThread(timerId: number): Promise<boolean> {
  await eventually(async () => {
    const { rows } = await env.t.db.query(`SELECT 1 FROM t_demo.timers WHERE id = $1`, [timerId]);
    return rows.length === 0;
  });
  const { rows } = await env.t.db.query(`SELECT 1 FROM t_demo.inbox WHERE event_id = $1`, [
    `timer:${timerId}`,
  ]);
  return rows.length > 0;
}

/** A customer who wrote "hello" and was answered; their thread. */
async function greeted(wamid: string, phone: string): Promise<string> {
  await env.post('/webhooks/whatsapp', waText(wamid, phone.slice(1), 'hello'));
  const thread = await threadOf(phone);
  await eventually(() => Promise.resolve(sendsTo(phone.slice(1)).length > 0));
  return thread;
}

describe('a due reminder', () => {
  it('reaches the customer on WhatsApp with 1 / 2 buttons, and "1" confirms', async () => {
    await env.post('/webhooks/whatsapp', waText('wamid.rem-1', '254712500002', 'hello'));
    const thread = await threadOf('+254712500002');
    await eventually(() => Promise.resolve(sendsTo('254712500002').length > 0));
    await fireReminder(thread, (await book(thread)).id);
    const reminder = await eventually(() =>
      Promise.resolve(sendsTo('254712500002').find((r) => /Reminder/.test(bodyText(r)))),
    );
    expect(json(reminder).type).toBe('interactive');
    const before = sendsTo('254712500002').length;
    await env.post('/webhooks/whatsapp', waText('wamid.rem-2', '254712500002', '1'));
    const answer = await eventually(() =>
      Promise.resolve(
        sendsTo('254712500002')
          .slice(before)
          .find((r) => bodyText(r).length > 0),
      ),
    );
    expect(bodyText(answer)).toMatch(/see you/i);
  });

  it('never goes to a customer who opted out', async () => {
    await env.post('/webhooks/whatsapp', waText('wamid.rem-3', '254712500003', 'hello'));
    const thread = await threadOf('+254712500003');
    await env.post('/webhooks/whatsapp', waText('wamid.rem-4', '254712500003', 'STOP'));
    await eventually(async () => {
      const { rows } = await env.t.db.query(
        `SELECT 1 FROM t_demo.journal j JOIN t_demo.inbox i ON i.id = j.inbox_id WHERE i.event_id = 'wa:wamid.rem-4'`,
      );
      return rows.length > 0;
    });
    await eventually(() => Promise.resolve(sendsTo('254712500003').length >= 2));
    const before = sendsTo('254712500003').length;
    await fireReminder(thread, (await book(thread)).id);
    await eventually(async () => {
      const { rows } = await env.t.db.query(
        `SELECT outcome FROM t_demo.journal WHERE thread_key = $1 AND event_type = 'reminder.due'`,
        [thread],
      );
      return rows.length > 0;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(sendsTo('254712500003')).toHaveLength(before);
  });

  it('outside the window with the template refused, goes by SMS, with its cost recorded', async () => {
    await env.post('/webhooks/whatsapp', waText('wamid.rem-5', '254712500004', 'hello'));
    const thread = await threadOf('+254712500004');
    await eventually(() => Promise.resolve(sendsTo('254712500004').length > 0));
    env.graph.failNextSends(1, 'outside_window');
    env.graph.failNextSends(1, {
      status: 404,
      json: {
        error: {
          message: '(#132001) Template name does not exist in the translation',
          type: 'OAuthException',
          code: 132001,
          fbtrace_id: 'x',
        },
      },
    });
    await fireReminder(thread, (await book(thread)).id);
    const sms = await eventually(() =>
      Promise.resolve(env.at.requests.find((r) => r.form?.to === '+254712500004')),
    );
    expect(sms.form?.message).toMatch(/Reminder: Haircut with Wanjiku/);
    expect(sms.form?.message).toMatch(/1\. /);
    const rows = await eventually(async () => {
      const r = await env.t.db.query<{
        kind: string;
        status: string;
        cost_minor: string;
        currency: string;
      }>(
        `SELECT kind, status, cost_minor, currency FROM t_demo.deliveries WHERE thread_key = $1 AND kind = 'sms'`,
        [thread],
      );
      return r.rows.length > 0 ? r.rows : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'sms', status: 'sent', currency: 'KES' });
    expect(Number(rows[0]!.cost_minor)).toBeGreaterThan(0);
  });

  it('a reminder that fails later (a failed status) goes by SMS too', async () => {
    await env.post('/webhooks/whatsapp', waText('wamid.rem-6', '254712500005', 'hello'));
    const thread = await threadOf('+254712500005');
    await eventually(() => Promise.resolve(sendsTo('254712500005').length > 0));
    await fireReminder(thread, (await book(thread)).id);
    await eventually(() =>
      Promise.resolve(sendsTo('254712500005').some((r) => /Reminder/.test(bodyText(r)))),
    );
    const wamid = await eventually(async () => {
      const { rows } = await env.t.db.query<{ provider_message_id: string }>(
        `SELECT d.provider_message_id FROM t_demo.deliveries d JOIN t_demo.outbox o ON o.id = d.outbox_id
         WHERE d.thread_key = $1 AND o.payload::text LIKE '%reminder:confirm%'`,
        [thread],
      );
      return rows[0]?.provider_message_id;
    });
    await env.post('/webhooks/whatsapp', waStatus(wamid, '254712500005', 'failed', 131026));
    await eventually(() =>
      Promise.resolve(env.at.requests.find((r) => r.form?.to === '+254712500005')),
    );
    const rows = await eventually(async () => {
      const r = await env.t.db.query<{ fallback_of: string }>(
        `SELECT fallback_of FROM t_demo.deliveries WHERE thread_key = $1 AND kind = 'sms'`,
        [thread],
      );
      return r.rows.length > 0 ? r.rows : undefined;
    });
    expect(rows).toEqual([{ fallback_of: wamid }]);
  });

  it('outside the window with no template configured, goes straight to SMS', async () => {
    await applyChannelTenant(env.t.db, (f) => ({
      ...f,
      notifications: { ...f.notifications, whatsapp_template: null },
    }));
    await env.post('/webhooks/whatsapp', waText('wamid.rem-7', '254712500006', 'hello'));
    const thread = await threadOf('+254712500006');
    await eventually(() => Promise.resolve(sendsTo('254712500006').length > 0));
    const templatesBefore = env.graph.sends().filter((r) => json(r).type === 'template').length;
    env.graph.failNextSends(1, 'outside_window');
    await fireReminder(thread, (await book(thread)).id);
    await eventually(() =>
      Promise.resolve(env.at.requests.find((r) => r.form?.to === '+254712500006')),
    );
    expect(env.graph.sends().filter((r) => json(r).type === 'template')).toHaveLength(
      templatesBefore,
    );
  });
});

describe('a reminder of an appointment changed outside the thread', () => {
  const reminded = (phone: string) => sendsTo(phone).filter((r) => /Reminder/.test(bodyText(r)));

  it('is not sent when the appointment was cancelled (by SQL, as an operator would)', async () => {
    const thread = await greeted('wamid.rem-20', '+254712500020');
    const a = await book(thread);
    await env.t.db.query(
      `UPDATE t_demo.appointments SET status = 'cancelled', cancelled_at = now() WHERE id = $1`,
      [a.id],
    );
    expect(await reachedThread(await fireReminder(thread, a.id))).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(reminded('254712500020')).toEqual([]);
  });

  it('is not sent when the appointment moved; the reminders follow the new time', async () => {
    const thread = await greeted('wamid.rem-21', '+254712500021');
    const a = await book(thread);
    const moved = new Date(Date.parse(a.start) + 86_400_000 + 3_600_000);
    await env.t.db.query(
      `UPDATE t_demo.appointments
       SET start_at = $2, end_at = $2::timestamptz + (end_at - start_at),
           buffer_end_at = $2::timestamptz + (buffer_end_at - start_at)
       WHERE id = $1`,
      [a.id, moved.toISOString()],
    );
    expect(await reachedThread(await fireReminder(thread, a.id))).toBe(false);
    const t = await timers(thread);
    const twoHours = t.find((x) => x.timer_key === `reminder:${a.id}:120`);
    expect(twoHours?.fire_at.toISOString()).toBe(
      new Date(moved.getTime() - 2 * 3_600_000).toISOString(),
    );
    expect(Date.parse((twoHours?.event as unknown as { start: string }).start)).toBe(
      moved.getTime(),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(reminded('254712500021')).toEqual([]);
    // The re-planned reminder, when due, is sent.
    await fireReminder(thread, a.id);
    await eventually(() => Promise.resolve(reminded('254712500021').length === 1));
  });

  it('is not sent when its staff member was deactivated', async () => {
    const thread = await greeted('wamid.rem-22', '+254712500022');
    const a = await book(thread, 'baraka');
    await env.t.db.query(`UPDATE t_demo.staff SET active = false WHERE id = 'baraka'`);
    try {
      expect(await reachedThread(await fireReminder(thread, a.id))).toBe(false);
    } finally {
      await env.t.db.query(`UPDATE t_demo.staff SET active = true WHERE id = 'baraka'`);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(reminded('254712500022')).toEqual([]);
  });

  it('is not sent to a customer marked opted out outside the thread', async () => {
    const thread = await greeted('wamid.rem-23', '+254712500023');
    const a = await book(thread);
    await env.t.db.query(`UPDATE t_demo.customers SET opted_out = true WHERE id = $1`, [
      Number(thread.slice(2)),
    ]);
    expect(await reachedThread(await fireReminder(thread, a.id))).toBe(false);
  });

  it('an unchanged appointment is reminded (the check lets it through)', async () => {
    const thread = await greeted('wamid.rem-24', '+254712500024');
    const a = await book(thread);
    expect(await reachedThread(await fireReminder(thread, a.id))).toBe(true);
    await eventually(() => Promise.resolve(reminded('254712500024').length === 1));
  });
});
