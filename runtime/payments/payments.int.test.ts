import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDarajaServer } from '../../adapters/daraja/testing';
import type { Runtime } from '../app';
import {
  appointmentOf,
  paymentsOf,
  paymentsTenantFile,
  postCallback,
  replyMatching,
  startPaymentsRig,
  unrouted,
  type PaymentsRig,
} from '../../test-support/payments-kit';
import type { TestDatabase } from '../../test-support/test-database';
import { eventually, simulate } from '../../test-support/test-runtime';
import { applyTenant } from '../tenancy/tenant-apply';
import { readTenantFile } from '../tenancy/tenant-file';

let r: PaymentsRig;
let t: TestDatabase;
let fake: FakeDarajaServer;
let rt: Runtime;
let token: string;

const S = 't_demo';
const REVERSAL_RESULT = new URL(
  '../../adapters/daraja/fixtures/reversal-result-success.json',
  import.meta.url,
);

beforeAll(async () => {
  r = await startPaymentsRig({
    extra: `  refund:
    cutoff_min: 60
`,
    mpesaExtra: `    initiator_name: ratiba-api
    security_credential: fake-encrypted-credential
`,
  });
  ({ t, rt, token, daraja: fake } = r);
});
afterAll(async () => {
  await r?.stop();
});

/** Books, and waits for the STK push the booking caused. */
const held = (phone: string, time: string) => r.held(phone, time);

describe('M-Pesa: a booking paid through the callback', () => {
  it('holds the slot, pushes once, and the query-confirmed callback books it', async () => {
    const h = await held('+254708374149', '9am');
    expect(h.replies.join('\n')).toMatch(/please pay KES 400 by M-Pesa/);
    expect(h.appt.status).toBe('pending_payment');
    expect(h.push).toMatchObject({ amountKes: 400, msisdn: '254708374149', shortcode: '174379' });
    expect(h.push.callbackUrl).toBe(`${rt.http.url}/webhooks/daraja/${token}`);
    expect(h.push.accountReference).toBe(`Booking ${h.appt.id}`);

    expect(await fake.complete(h.push.checkoutRequestId, 0)).toBe(200);
    const booked = await replyMatching(t.db, S, h.thread, /You're booked!/);
    expect(booked).toMatch(/Paid KES 400 by M-Pesa/);
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('booked');
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p).toMatchObject({ status: 'paid', amount_minor: 40_000 });
    expect(p!.receipt).toMatch(/^T/);
    // The callback was checked with the provider before anything was paid.
    expect(fake.requests.some((r) => r.path === '/mpesa/stkpushquery/v1/query')).toBe(true);
    expect(fake.pushes.filter((x) => x.accountReference === `Booking ${h.appt.id}`)).toHaveLength(
      1,
    );

    // A replay of the same callback is a no-op: no new event for the thread, nothing new paid.
    const callbacks = async () =>
      (
        await t.db.query(
          `SELECT 1 FROM ${S}.inbox WHERE thread_key = $1 AND event->>'type' = 'payment.callback'`,
          [h.thread],
        )
      ).rows.length;
    expect(await callbacks()).toBe(1);
    const replay = await postCallback(rt.http.url, token, fake.callbackBody(h.push, 0));
    expect(replay).toEqual({ status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } });
    expect(await callbacks()).toBe(1);
    const metrics = await (await fetch(`${rt.http.url}/metrics`)).text();
    expect(metrics).toMatch(
      /ratiba_payment_callbacks_total\{provider="daraja",result="duplicate"\} 1/,
    );
    expect(metrics).toMatch(/ratiba_payments_total\{provider="mpesa",outcome="paid"\} 1/);
    expect(await paymentsOf(t.db, S, h.appt.id)).toHaveLength(1);
  });
});

describe('M-Pesa result codes: what the customer is told', () => {
  it.each([
    [1032, '10am', '+254708000101', /cancelled on your phone/],
    [1037, '11am', '+254708000102', /timed out before it was answered/],
    [2001, '12pm', '+254708000103', /PIN entered was wrong/],
    [1, '1pm', '+254708000104', /enough balance/],
  ])('%i', async (code, time, phone, told) => {
    const h = await held(phone, time);
    await fake.complete(h.push.checkoutRequestId, code);
    const reply = await replyMatching(t.db, S, h.thread, told);
    expect(reply).toMatch(/try again, or pay at the salon\?$/);
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p!.status).toBe('failed');
    // The slot stays held for a retry until the hold expires or the customer gives up.
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('pending_payment');
  });
});

describe('no callback', () => {
  it('the 60 s check asks the provider, and its answer decides', async () => {
    const h = await held('+254708000105', '2pm');
    fake.decide(h.push.checkoutRequestId, 0); // paid, but the callback is lost
    // Bring the thread's 60 s check forward instead of waiting a minute.
    await t.db.query(
      `UPDATE ${S}.timers SET fire_at = now() WHERE thread_key = $1 AND timer_key LIKE 'payment.check:%'`,
      [h.thread],
    );
    rt.timers.nudge(Date.now());
    await replyMatching(t.db, S, h.thread, /You're booked!.*Paid KES 400/);
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('booked');
  });
});

describe('callbacks are never trusted alone', () => {
  it('a forged callback (wrong id, amount, phone, or tenant) marks nothing paid', async () => {
    const other = await applyTenant(
      t.db,
      await readTenantFile(await paymentsTenantFile({ slug: 'other', whatsappId: '998' })),
    );
    expect(other.created).toBe(true);
    const otherToken = (await rt.tenants.get('other'))!.callbackToken;
    const h = await held('+254708000106', '3pm');
    const good = fake.callbackBody(h.push, 0) as {
      Body: {
        stkCallback: {
          CheckoutRequestID: string;
          CallbackMetadata: { Item: { Name: string; Value?: unknown }[] };
        };
      };
    };
    const forged = (mutate: (b: typeof good) => void) => {
      const b = structuredClone(good);
      mutate(b);
      return b;
    };
    const item = (b: typeof good, name: string) =>
      b.Body.stkCallback.CallbackMetadata.Item.find((i) => i.Name === name)!;
    const results = [
      await postCallback(
        rt.http.url,
        token,
        forged((b) => (b.Body.stkCallback.CheckoutRequestID = 'ws_CO_forged')),
      ),
      await postCallback(
        rt.http.url,
        token,
        forged((b) => (item(b, 'Amount').Value = 1)),
      ),
      await postCallback(
        rt.http.url,
        token,
        forged((b) => (item(b, 'PhoneNumber').Value = 254711111111)),
      ),
      await postCallback(rt.http.url, otherToken, good),
      await postCallback(rt.http.url, 'not-a-tenant-token', good),
      await postCallback(rt.http.url, token, '{"Body":{"stkCallback":{"ResultCode":"x\\u0000"}}}'),
    ];
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 404, 400]);
    expect((await unrouted(t.db)).slice(-6)).toEqual([
      { reason: 'unknown_checkout', tenant_slug: 'demo', checkout_id: 'ws_CO_forged' },
      { reason: 'mismatch', tenant_slug: 'demo', checkout_id: h.push.checkoutRequestId },
      { reason: 'mismatch', tenant_slug: 'demo', checkout_id: h.push.checkoutRequestId },
      { reason: 'unknown_checkout', tenant_slug: 'other', checkout_id: h.push.checkoutRequestId },
      { reason: 'unknown_token', tenant_slug: null, checkout_id: null },
      { reason: 'bad_shape', tenant_slug: 'demo', checkout_id: null },
    ]);
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p!.status).toBe('pending');
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('pending_payment');
  });

  it('a callback claiming success is checked with the provider: unpaid stays unpaid', async () => {
    const h = await held('+254708000107', '4pm');
    // Right id, amount and phone, but the customer has not paid: the query says "processing".
    const r = await postCallback(rt.http.url, token, fake.callbackBody(h.push, 0));
    expect(r.status).toBe(200);
    await eventually(
      async () =>
        (
          await t.db.query(
            `SELECT 1 FROM ${S}.journal WHERE thread_key = $1 AND event_type = 'call.result' AND event->>'kind' = 'payment.query'`,
            [h.thread],
          )
        ).rows.length > 0,
    );
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p!.status).toBe('pending');
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('pending_payment');
  });
});

describe('a callback after the hold expired', () => {
  it('is unrouted, nothing is booked, and the owner is told', async () => {
    const h = await held('+254708000108', '5pm');
    await t.db.query(
      `UPDATE ${S}.appointments SET hold_expires_at = now() - interval '1 second' WHERE id = $1`,
      [h.appt.id],
    );
    expect(await fake.complete(h.push.checkoutRequestId, 0)).toBe(200);
    expect((await unrouted(t.db)).at(-1)).toMatchObject({
      reason: 'late',
      checkout_id: h.push.checkoutRequestId,
    });
    expect((await appointmentOf(t.db, S, h.thread))!.status).toBe('expired');
    const [p] = await paymentsOf(t.db, S, h.appt.id);
    expect(p!.status).toBe('expired');
    const owner = await eventually(async () => {
      const { rows } = await t.db.query<{ text: string }>(
        `SELECT event->>'text' AS text FROM ${S}.inbox WHERE event->>'type' = 'relay' AND source = 'payments'`,
      );
      return rows.find((r) => r.text.includes(`booking #${h.appt.id}`));
    });
    expect(owner.text).toMatch(/came in after its hold had been released/);
  });
});

describe('two customers, one slot', () => {
  it("a slot held for a paying customer is nobody else's until the hold ends", async () => {
    const a = await held('+254708000109', '6pm');
    const slotOf = (r: { buttons?: { id: string }[] } | undefined) =>
      r?.buttons?.map((b) => b.id) ?? [];
    const ask = () =>
      simulate(rt.http.url, {
        from: '+254708000110',
        text: 'I want a haircut with Wanjiku tomorrow at 6pm',
      });
    // The time is free: "Shall I book it?" at once (issue 18), no list to pick from.
    expect(a.slotId).toBeUndefined();
    const first = await ask();
    // While A's hold stands, 6pm is not on offer to B.
    expect(slotOf(first.body.replies.at(-1) as never)).not.toContain('confirm:yes');
    // Whoever writes directly (an old button, a race): the exclusion constraint refuses it.
    const overlap = await t.db
      .query(
        `INSERT INTO ${S}.appointments (customer_id, staff_id, service_id, start_at, end_at,
           buffer_end_at, status, source_channel, price_kes_minor)
         SELECT customer_id, staff_id, service_id, start_at, end_at, buffer_end_at, 'booked',
           'simulator', price_kes_minor FROM ${S}.appointments WHERE id = $1`,
        [a.appt.id],
      )
      .catch((e: unknown) => e);
    expect(overlap).toMatchObject({ code: '23P01' });
    // A's hold runs out; B asks again and gets the time, and booking it expires A's hold.
    await t.db.query(
      `UPDATE ${S}.appointments SET hold_expires_at = now() - interval '1 second' WHERE id = $1`,
      [a.appt.id],
    );
    await simulate(rt.http.url, { from: '+254708000110', text: 'restart', replyId: 'menu:book' });
    const second = await ask();
    expect(slotOf(second.body.replies.at(-1) as never)).toContain('confirm:yes');
    const b = await simulate(rt.http.url, {
      from: '+254708000110',
      text: 'Yes',
      replyId: 'confirm:yes',
    });
    expect(b.body.replies.map((r) => r.text).join('\n')).toMatch(/please pay KES 400 by M-Pesa/);
    expect((await appointmentOf(t.db, S, a.thread))!.status).toBe('expired');
    expect((await appointmentOf(t.db, S, b.body.thread))!.status).toBe('pending_payment');
  });
});

describe('refunds', () => {
  it('cancelling a paid booking inside the policy reverses the M-Pesa payment', async () => {
    const h = await held('+254708000111', '8am');
    await fake.complete(h.push.checkoutRequestId, 0);
    await replyMatching(t.db, S, h.thread, /You're booked!/);
    const [paid] = await paymentsOf(t.db, S, h.appt.id);
    await simulate(rt.http.url, { from: '+254708000111', text: 'cancel my booking' });
    await simulate(rt.http.url, { from: '+254708000111', text: 'Yes', replyId: 'confirm:yes' });
    await replyMatching(t.db, S, h.thread, /Your refund of KES 400 is on its way to your M-Pesa\./);
    expect(fake.reversals.at(-1)).toMatchObject({
      CommandID: 'TransactionReversal',
      TransactionID: paid!.receipt,
      Amount: '400',
      Initiator: 'ratiba-api',
    });
    const { rows } = await t.db.query<{ status: string; amount_minor: number }>(
      `SELECT status, amount_minor FROM ${S}.refunds WHERE appointment_id = $1`,
      [h.appt.id],
    );
    expect(rows).toEqual([{ status: 'submitted', amount_minor: 40_000 }]);
  });
});

describe('reversal results (Daraja ResultURL)', () => {
  const result = (conversationId: string, code: number, path = 'reversal') => {
    const body = structuredClone(
      JSON.parse(readFileSync(REVERSAL_RESULT, 'utf8')) as { Result: Record<string, unknown> },
    );
    Object.assign(body.Result, {
      ConversationID: conversationId,
      ResultCode: code,
      ...(code === 0 ? {} : { ResultDesc: 'The transaction has already been reversed.' }),
    });
    return fetch(`${rt.http.url}/webhooks/daraja/${token}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  };
  const refundRow = async (appointmentId: number) =>
    (
      await t.db.query<{ status: string; method: string; provider_ref: string }>(
        `SELECT status, method, provider_ref FROM ${S}.refunds WHERE appointment_id = $1`,
        [appointmentId],
      )
    ).rows[0]!;
  const paidAndCancelled = async (phone: string, time: string) => {
    const h = await held(phone, time);
    await fake.complete(h.push.checkoutRequestId, 0);
    await replyMatching(t.db, S, h.thread, /You're booked!/);
    await simulate(rt.http.url, { from: phone, text: 'cancel my booking' });
    await simulate(rt.http.url, { from: phone, text: 'Yes', replyId: 'confirm:yes' });
    await replyMatching(t.db, S, h.thread, /refund of KES 400 is on its way/);
    return h;
  };

  it('a successful result marks the refund done; a replay is a no-op', async () => {
    const h = await paidAndCancelled('+254708000121', '4pm');
    const before = await refundRow(h.appt.id);
    expect(before.status).toBe('submitted');
    expect((await result(before.provider_ref, 0)).status).toBe(200);
    expect(await refundRow(h.appt.id)).toMatchObject({ status: 'done', method: 'reversal' });
    expect((await result(before.provider_ref, 2001)).status).toBe(200);
    expect((await refundRow(h.appt.id)).status).toBe('done');
  });

  it('a refused reversal (or a queue timeout) becomes the owner’s refund task', async () => {
    const h = await paidAndCancelled('+254708000122', '5pm');
    const r = await refundRow(h.appt.id);
    expect((await result(r.provider_ref, 1, 'reversal-timeout')).status).toBe(200);
    expect(await refundRow(h.appt.id)).toMatchObject({ status: 'manual', method: 'manual' });
    const owner = await eventually(async () => {
      const { rows } = await t.db.query<{ text: string }>(
        `SELECT event->>'text' AS text FROM ${S}.inbox WHERE event->>'type' = 'relay' AND source = 'payments'`,
      );
      return rows.find((x) => x.text.includes(`booking #${h.appt.id}`));
    });
    expect(owner.text).toMatch(/^Refund task: send KES 400 back to \+254708000122 .*in time/);
    expect((await result('AG_unknown', 0)).status).toBe(200);
    const bad = await fetch(`${rt.http.url}/webhooks/daraja/${token}/reversal`, {
      method: 'POST',
      body: '{"Result":{}}',
    });
    expect(bad.status).toBe(400);
  });
});
