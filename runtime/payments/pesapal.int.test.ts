import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakePesapalServer } from '../../test-support/fake-pesapal-server';
import {
  appointmentOf,
  bookToPayment,
  paymentsOf,
  paymentsTenantFile,
  replyMatching,
  startPaymentsRig,
  unrouted,
  type PaymentsRig,
} from '../../test-support/payments-kit';
import { ManualClock } from '../../test-support/scenarios/manual-clock';
import type { TestDatabase } from '../../test-support/test-database';
import { eventually, simulate } from '../../test-support/test-runtime';
import type { Runtime } from '../app';
import { applyTenant } from '../tenancy/tenant-apply';
import { readTenantFile } from '../tenancy/tenant-file';

/** Cards through PesaPal: the IPN, never trusted alone; the nudge and abandon timers; refunds. */

let r: PaymentsRig;
let t: TestDatabase;
let fake: FakePesapalServer;
let rt: Runtime;
let token: string;
const clock = new ManualClock(Date.now());
const S = 't_demo';

const PESAPAL = `  pesapal:
    enabled: true
    consumer_key: fake-pesapal-key
    consumer_secret: fake-pesapal-secret
  refund:
    cutoff_min: 60
`;

beforeAll(async () => {
  r = await startPaymentsRig({ extra: PESAPAL, pesapal: true, overrides: { clock } });
  ({ t, rt, token } = r);
  fake = r.pesapal!;
});
afterAll(async () => {
  await r?.stop();
});

/** Books, chooses card, and waits for the checkout link. */
async function cardLink(phone: string, time: string) {
  const orders = fake.orders.length;
  const b = await bookToPayment(rt.http.url, phone, time);
  expect(b.replies.join('\n')).toMatch(/M-Pesa or card\?/);
  await simulate(rt.http.url, { from: phone, text: 'Card', replyId: 'paywith:card' });
  const order = await eventually(async () => Promise.resolve(fake.orders[orders]));
  const link = await replyMatching(t.db, S, b.thread, /Please pay KES 400 by card here/);
  const appt = (await appointmentOf(t.db, S, b.thread))!;
  return { ...b, order, link, appt };
}

const ipn = (tok: string, body: unknown) =>
  fetch(`${rt.http.url}/webhooks/pesapal/${tok}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const fields = (trackingId: string, ref = 'demo-1') => ({
  OrderNotificationType: 'IPNCHANGE',
  OrderTrackingId: trackingId,
  OrderMerchantReference: ref,
});

describe('card: a booking paid through the IPN', () => {
  it('sends the checkout link, and the IPN (checked with GetTransactionStatus) books it', async () => {
    const h = await cardLink('+254712000101', '9am');
    expect(h.link).toContain(h.order.trackingId);
    expect(h.order).toMatchObject({ amount: 400, currency: 'KES', phone: '0712000101' });
    expect(h.order.callbackUrl).toBe(`${rt.http.url}/webhooks/pesapal/${token}/return`);
    expect(fake.ipns).toEqual([
      { id: h.order.notificationId, url: `${rt.http.url}/webhooks/pesapal/${token}`, type: 'POST' },
    ]);
    const held = await appointmentOf(t.db, S, h.thread);
    expect(held!.status).toBe('pending_payment');
    // The card checkout keeps the slot for its whole 30 minutes.
    expect(held!.hold_expires_at!.getTime()).toBeGreaterThan(clock.now() + 29 * 60_000);

    expect(await fake.pay(h.order.trackingId)).toBe(200);
    await replyMatching(t.db, S, h.thread, /You're booked!/);
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('booked');
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p).toMatchObject({
      status: 'paid',
      amount_minor: 40_000,
      checkout_id: h.order.trackingId,
    });
    expect(p!.receipt).toBe(h.order.confirmationCode);
    expect(fake.requests.some((r) => r.path === '/api/Transactions/GetTransactionStatus')).toBe(
      true,
    );

    // The acknowledgement PesaPal expects; a replay is a no-op.
    const replay = await ipn(token, fields(h.order.trackingId, h.order.merchantRef));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({
      orderNotificationType: 'IPNCHANGE',
      orderTrackingId: h.order.trackingId,
      orderMerchantReference: h.order.merchantRef,
      status: 200,
    });
    expect(await paymentsOf(t.db, S, h.appt.id)).toHaveLength(1);
  });

  it('an IPN by GET (query parameters) works the same; the IPN is registered only once', async () => {
    const h = await cardLink('+254712000102', '10am');
    fake.decide(h.order.trackingId, 1);
    const q = new URLSearchParams(fields(h.order.trackingId, h.order.merchantRef));
    const res = await fetch(`${rt.http.url}/webhooks/pesapal/${token}?${q.toString()}`);
    expect(res.status).toBe(200);
    await replyMatching(t.db, S, h.thread, /You're booked!/);
    expect(fake.ipns).toHaveLength(1);
  });
});

describe('card: an IPN is never trusted alone', () => {
  it('forged, unpaid, another tenant’s or unreadable IPNs mark nothing paid', async () => {
    const h = await cardLink('+254712000103', '11am');
    // Unknown order: unrouted, still acknowledged.
    expect((await ipn(token, fields('00000000-0000-4000-8000-000000000000'))).status).toBe(200);
    // The right order, not paid at PesaPal: the query says pending, nothing changes.
    const asked = fake.requests.length;
    expect((await ipn(token, fields(h.order.trackingId))).status).toBe(200);
    await eventually(async () =>
      Promise.resolve(
        fake.requests.slice(asked).some((r) => r.query.orderTrackingId === h.order.trackingId),
      ),
    );
    // Another tenant's address with this tenant's order: unknown there.
    await applyTenant(
      t.db,
      await readTenantFile(
        await paymentsTenantFile({ slug: 'other', whatsappId: '998', extra: PESAPAL }),
      ),
    );
    const otherToken = (await rt.tenants.get('other'))!.callbackToken;
    expect((await ipn(otherToken, fields(h.order.trackingId))).status).toBe(200);
    expect((await ipn(token, { OrderTrackingId: 'x' })).status).toBe(400);
    expect((await ipn('no-such-token-000', fields(h.order.trackingId))).status).toBe(404);
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('pending_payment');
    expect((await paymentsOf(t.db, S, h.appt.id))[0]!.status).toBe('pending');
    const reasons = (await unrouted(t.db)).map((u) => `${u.reason}:${u.tenant_slug ?? '-'}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'unknown_checkout:demo',
        'unknown_checkout:other',
        'bad_shape:demo',
        'unknown_token:-',
      ]),
    );
  });
});

describe('card: refunds', () => {
  it('cancelling a paid card booking inside the policy asks PesaPal for the refund', async () => {
    const h = await cardLink('+254712000104', '8am');
    await fake.pay(h.order.trackingId);
    await replyMatching(t.db, S, h.thread, /You're booked!/);
    await simulate(rt.http.url, { from: '+254712000104', text: 'cancel my booking' });
    await simulate(rt.http.url, { from: '+254712000104', text: 'Yes', replyId: 'confirm:yes' });
    await replyMatching(t.db, S, h.thread, /Your refund of KES 400 has been requested/);
    expect(fake.refunds.at(-1)).toMatchObject({
      confirmation_code: h.order.confirmationCode,
      amount: '400.00',
    });
    const { rows } = await t.db.query<{ status: string; method: string }>(
      `SELECT status, method FROM ${S}.refunds WHERE appointment_id = $1`,
      [h.appt.id],
    );
    expect(rows).toEqual([{ status: 'submitted', method: 'pesapal' }]);
  });
});

describe('card: a refund followed to its end', () => {
  const refundRow = async (appointmentId: number) =>
    (
      await t.db.query<{ status: string; method: string }>(
        `SELECT status, method FROM ${S}.refunds WHERE appointment_id = $1`,
        [appointmentId],
      )
    ).rows[0]!;
  const paidAndCancelled = async (phone: string, time: string) => {
    const h = await cardLink(phone, time);
    await fake.pay(h.order.trackingId);
    await replyMatching(t.db, S, h.thread, /You're booked!/);
    await simulate(rt.http.url, { from: phone, text: 'cancel my booking' });
    await simulate(rt.http.url, { from: phone, text: 'Yes', replyId: 'confirm:yes' });
    await replyMatching(t.db, S, h.thread, /Your refund of KES 400 has been requested/);
    expect((await refundRow(h.appt.id)).status).toBe('submitted');
    return h;
  };

  it('the IPN after the merchant approves it: REVERSED, the refund is done', async () => {
    const h = await paidAndCancelled('+254712000106', '9am');
    // An IPN while the refund waits changes nothing.
    expect(await fake.notify(h.order.trackingId)).toBe(200);
    expect((await refundRow(h.appt.id)).status).toBe('submitted');
    expect(await fake.approveRefund(h.order.trackingId)).toBe(200);
    expect(await refundRow(h.appt.id)).toEqual({ status: 'done', method: 'pesapal' });
  });

  it('a refund never approved becomes the owner’s task after 7 days (the reaper)', async () => {
    const h = await paidAndCancelled('+254712000107', '10am');
    fake.rejectRefund(h.order.trackingId);
    await t.db.query(
      `UPDATE ${S}.refunds SET updated_at = now() - interval '8 days' WHERE appointment_id = $1`,
      [h.appt.id],
    );
    await rt.digests.ensure('demo');
    await t.db.query(`UPDATE ${S}.timers SET fire_at = now() WHERE timer_key = 'reaper'`);
    clock.set(Date.now() + 1000);
    rt.timers.nudge(clock.now());
    await eventually(async () => (await refundRow(h.appt.id)).status === 'manual', 15_000);
    const notice = await eventually(async () => {
      const { rows } = await t.db.query<{ text: string }>(
        `SELECT event->>'text' AS text FROM ${S}.inbox WHERE event->>'type' = 'relay' AND source = 'payments'`,
      );
      return rows.find((x) => x.text.includes(`booking #${h.appt.id}`));
    });
    expect(notice.text).toMatch(
      /^Refund task: send KES 400 back to \+254712000107 .*PesaPal has not reversed the payment in 7 days/,
    );
  });
});

describe('card: no IPN', () => {
  it('nudges at 8 minutes and abandons at 30 (the hold released)', async () => {
    const h = await cardLink('+254712000105', '3pm');
    // The timers count from the customer's message (stamped with the wall clock).
    clock.set(Date.now() + 8 * 60_000);
    rt.timers.nudge(clock.now());
    await replyMatching(t.db, S, h.thread, /Just a reminder: your booking is held until you pay/);
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('pending_payment');
    clock.set(Date.now() + 30 * 60_000);
    rt.timers.nudge(clock.now());
    await replyMatching(t.db, S, h.thread, /wasn't completed within 30 minutes/);
    await eventually(async () => {
      const a = await appointmentOf(t.db, S, h.thread);
      return a && a.status !== 'pending_payment';
    });
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p!.status).toBe('expired');
  });
});
