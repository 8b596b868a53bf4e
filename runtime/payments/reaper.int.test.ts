import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDarajaServer } from '../../adapters/daraja/testing';
import type { Runtime } from '../app';
import {
  appointmentOf,
  paymentsOf,
  replyMatching,
  startPaymentsRig,
  type PaymentsRig,
} from '../../test-support/payments-kit';
import type { TestDatabase } from '../../test-support/test-database';
import { eventually, simulate } from '../../test-support/test-runtime';
import { customerNoticeAt } from '../../booking/payments/reaper-schedule';

let r: PaymentsRig;
let t: TestDatabase;
let fake: FakeDarajaServer;
let rt: Runtime;

const S = 't_demo';

beforeAll(async () => {
  r = await startPaymentsRig({ extra: '  refund:\n    cutoff_min: 60\n' });
  ({ t, rt, daraja: fake } = r);
});
afterAll(async () => {
  await r?.stop();
});

/**
 * Books to the M-Pesa prompt, lets the thread's own deadline pass (it says it did not receive
 * the payment and offers to try again) and makes the request look hours old.
 */
async function stale(phone: string, time: string) {
  const b = await r.held(phone, time);
  const appt = b.appt;
  await eventually(async () => (await paymentsOf(t.db, S, appt.id))[0]?.status === 'pending');
  await t.db.query(
    `UPDATE ${S}.payments SET created_at = now() - interval '3 hours' WHERE appointment_id = $1`,
    [appt.id],
  );
  await t.db.query(`UPDATE ${S}.timers SET fire_at = now() WHERE thread_key = $1`, [b.thread]);
  await replyMatching(t.db, S, b.thread, /didn't receive the M-Pesa payment/);
  await eventually(async () => {
    const { rows } = await t.db.query<{ state: string }>(
      `SELECT snapshot->>'value' AS state FROM ${S}.actor_snapshots WHERE thread_key = $1`,
      [b.thread],
    );
    return rows[0]?.state.includes('payFailed');
  });
  return b;
}

const runs = async () =>
  (
    await t.db.query<{ run_date: string; report: Record<string, number> | null }>(
      `SELECT run_date::text, report FROM ${S}.payment_reaper_runs ORDER BY run_date`,
    )
  ).rows;

/** Fires every owner's `reaper` timer now and waits for the run and the next timer. */
async function fireReaper(): Promise<void> {
  await rt.digests.ensure('demo');
  const { rowCount } = await t.db.query(
    `UPDATE ${S}.timers SET fire_at = now() WHERE timer_key = 'reaper'`,
  );
  expect(rowCount).toBeGreaterThan(0);
  await eventually(async () => {
    const { rows } = await t.db.query<{ at: Date }>(
      `SELECT fire_at AS at FROM ${S}.timers WHERE timer_key = 'reaper'`,
    );
    return rows.length > 0 && rows.every((r) => r.at.getTime() > Date.now() + 60_000);
  }, 15_000);
}

describe('the nightly payment reaper', () => {
  it('confirms a late payment, releases an expired hold, tells both customers and the digest', async () => {
    const paid = await stale('+254708000201', '9am');
    const lost = await stale('+254708000202', '11am');
    // The customer paid; the callback never came. The other never answered and the hold ran out.
    fake.decide(paid.push.checkoutRequestId, 0);
    await t.db.query(
      `UPDATE ${S}.appointments SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`,
      [lost.appt.id],
    );

    const before = Date.now();
    await fireReaper();

    expect((await appointmentOf(t.db, S, paid.thread))!.status).toBe('booked');
    expect((await paymentsOf(t.db, S, paid.appt.id))[0]).toMatchObject({ status: 'paid' });
    expect((await appointmentOf(t.db, S, lost.thread))!.status).toBe('expired');
    expect((await paymentsOf(t.db, S, lost.appt.id))[0]).toMatchObject({ status: 'expired' });
    const [run] = await runs();
    expect(run!.report).toEqual({
      confirmedLate: 1,
      failed: 0,
      holdsReleased: 1,
      stillOpen: 0,
      customersTold: 1,
    });
    // Both customers hear it in their own thread, at 08:00 Nairobi at the earliest (at once in
    // the day): each notice is a timer in the customer's thread, brought forward here.
    const notices = await t.db.query<{ thread_key: string; at: Date }>(
      `SELECT thread_key, fire_at AS at FROM ${S}.timers
        WHERE timer_key LIKE 'payment-settled:%' OR timer_key LIKE 'payment-released:%'`,
    );
    expect(notices.rows.map((n) => n.thread_key).sort()).toEqual([paid.thread, lost.thread].sort());
    for (const n of notices.rows) {
      expect(n.at.getTime()).toBeGreaterThanOrEqual(customerNoticeAt(before, 'Africa/Nairobi'));
      expect(n.at.getTime()).toBeLessThanOrEqual(customerNoticeAt(Date.now(), 'Africa/Nairobi'));
    }
    await t.db.query(
      `UPDATE ${S}.timers SET fire_at = now()
        WHERE timer_key LIKE 'payment-settled:%' OR timer_key LIKE 'payment-released:%'`,
    );
    expect(await replyMatching(t.db, S, paid.thread, /You're booked!/)).toMatch(/Paid KES 400/);
    expect(await replyMatching(t.db, S, lost.thread, /has been released/)).toMatch(/Haircut/);
    // The console's calendar shows each booking's money.
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const res = await fetch(`${rt.http.url}/api/tenants/demo/bookings?from=${from}&to=${to}`);
    const cal = (await res.json()) as { appointments: { id: number; payment?: unknown }[] };
    expect(cal.appointments.find((a) => a.id === paid.appt.id)?.payment).toMatchObject({
      state: 'paid',
      currency: 'KES',
      dueMinor: 40_000,
      paidMinor: 40_000,
    });
    // The released hold took no money: nothing to show.
    expect(cal.appointments.find((a) => a.id === lost.appt.id)).toMatchObject({
      status: 'expired',
    });
    expect(cal.appointments.find((a) => a.id === lost.appt.id)?.payment).toBeUndefined();
    // "My bookings" says what was paid.
    const mine = await simulate(rt.http.url, { from: '+254708000201', text: 'my bookings' });
    expect(mine.body.replies.map((r) => r.text).join('\n')).toMatch(
      /Haircut \(Wanjiku\), .* — deposit KES 400 paid by M-Pesa/,
    );

    // The next 03:00 (00:00 UTC in Nairobi) is set in the owner's thread.
    const { rows } = await t.db.query<{ at: Date }>(
      `SELECT fire_at AS at FROM ${S}.timers WHERE timer_key = 'reaper'`,
    );
    expect(rows.map((r) => [r.at.getUTCHours(), r.at.getUTCMinutes()])).toEqual([[0, 0]]);

    // The owner's next digest says what happened overnight.
    await t.db.query(`UPDATE ${S}.timers SET fire_at = now() WHERE timer_key = 'digest'`);
    const admin = (
      await t.db.query<{ thread_key: string }>(
        `SELECT thread_key FROM ${S}.timers WHERE timer_key = 'reaper'`,
      )
    ).rows[0]!.thread_key;
    const digest = await replyMatching(t.db, S, admin, /Good morning/);
    expect(digest).toContain('Overnight: 1 hold released, 1 payment confirmed late');

    // Today's takings count the M-Pesa money in, by method.
    const takings = await simulate(rt.http.url, { from: '+254700000001', text: 'takings today' });
    expect(takings.body.replies.map((r) => r.text).join('\n')).toContain(
      'Money in: M-Pesa KES 400 · at the salon KES 0 · total KES 400',
    );
  });

  it('runs once a day however often its timer fires', async () => {
    const before = await runs();
    const metric = async () =>
      (await (await fetch(`${rt.http.url}/metrics`)).text())
        .split('\n')
        .filter((l) => l.startsWith('ratiba_payment_reaper_total'));
    const counted = await metric();
    await fireReaper();
    expect(await runs()).toEqual(before);
    expect(await metric()).toEqual(counted);
  });
});

describe('a manual refund task', () => {
  const OWNER = '+254700000001';

  it('goes to the owner as R<id>, is marked done from WhatsApp once, and is audited', async () => {
    const phone = '+254708000203';
    const b = await r.held(phone, '4pm');
    await fake.complete(b.push.checkoutRequestId, 0);
    await replyMatching(t.db, S, b.thread, /You're booked!/);
    await simulate(rt.http.url, { from: phone, text: 'cancel my booking' });
    await simulate(rt.http.url, { from: phone, text: 'Yes', replyId: 'confirm:yes' });
    // No initiator credentials: no automatic reversal, a task for the owner.
    await replyMatching(t.db, S, b.thread, /The team will send your refund of KES 400/);
    const { rows } = await t.db.query<{ id: string; status: string }>(
      `SELECT r.id, r.status FROM ${S}.refunds r JOIN ${S}.appointments a ON a.id = r.appointment_id
       WHERE a.thread_key = $1`,
      [b.thread],
    );
    expect(rows).toHaveLength(1);
    const ref = `R${rows[0]!.id}`;
    expect(rows[0]!.status).toBe('manual');
    const notice = await eventually(async () => {
      const r = await t.db.query<{ text: string }>(
        `SELECT event->>'text' AS text FROM ${S}.inbox WHERE source = 'payments'`,
      );
      return r.rows.find((x) => x.text.startsWith(`Refund task ${ref}:`));
    });
    expect(notice.text).toContain(`Reply “refund ${ref} done” once it is sent.`);

    const done = await simulate(rt.http.url, { from: OWNER, text: `refund ${ref} done` });
    expect(done.body.replies.map((r) => r.text).join('\n')).toContain(`Refund ${ref} sent`);
    const after = await t.db.query<{ status: string; done_by: string; done_at: Date | null }>(
      `SELECT status, done_by, done_at FROM ${S}.refunds WHERE id = $1`,
      [rows[0]!.id],
    );
    expect(after.rows[0]).toMatchObject({ status: 'done', done_by: OWNER });
    expect(after.rows[0]!.done_at).toBeInstanceOf(Date);
    const audit = await t.db.query<{ action: string; admin_phone: string; target: string }>(
      `SELECT action, admin_phone, target FROM ${S}.admin_audit WHERE action = 'refund_done'`,
    );
    expect(audit.rows).toEqual([{ action: 'refund_done', admin_phone: OWNER, target: ref }]);

    // Again, in Swahili: already done, nothing changes.
    const again = await simulate(rt.http.url, { from: OWNER, text: `rejesho ${ref} limefanyika` });
    expect(again.body.replies.map((r) => r.text).join('\n')).toContain(
      'Imeshindikana: yameshawekwa kuwa yamefanyika',
    );
    const unknown = await simulate(rt.http.url, { from: OWNER, text: 'refund R999999 done' });
    expect(unknown.body.replies.map((r) => r.text).join('\n')).toMatch(/no such refund/);
    const audited = await t.db.query(`SELECT 1 FROM ${S}.admin_audit WHERE action = 'refund_done'`);
    expect(audited.rowCount).toBe(1);
  });
});
