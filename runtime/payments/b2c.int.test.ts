import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyMatching, startPaymentsRig, type PaymentsRig } from '../../test-support/payments-kit';
import { eventually, simulate } from '../../test-support/test-runtime';

/**
 * M-Pesa refunds by B2C: a tenant with a B2C shortcode and initiator credentials pays a refund
 * back to the customer's phone; Daraja's Result settles it, a refusal or a queue timeout turns
 * it into the owner's refund task.
 */

let r: PaymentsRig;
const S = 't_demo';

beforeAll(async () => {
  r = await startPaymentsRig({
    extra: '  refund:\n    cutoff_min: 60\n',
    mpesaExtra: `    initiator_name: ratiba-b2c
    security_credential: fake-encrypted-credential
    b2c_shortcode: '600996'
`,
  });
});
afterAll(async () => {
  await r?.stop();
});

const refundRow = async (appointmentId: number) =>
  (
    await r.t.db.query<{ id: string; status: string; method: string; provider_ref: string }>(
      `SELECT id, status, method, provider_ref FROM ${S}.refunds WHERE appointment_id = $1`,
      [appointmentId],
    )
  ).rows[0]!;

/** Books, pays, cancels: the refund goes out by B2C. */
async function paidAndCancelled(phone: string, time: string) {
  const h = await r.held(phone, time);
  await r.daraja.complete(h.push.checkoutRequestId, 0);
  await replyMatching(r.t.db, S, h.thread, /You're booked!/);
  const before = r.daraja.b2cPayments.length;
  await simulate(r.rt.http.url, { from: phone, text: 'cancel my booking' });
  await simulate(r.rt.http.url, { from: phone, text: 'Yes', replyId: 'confirm:yes' });
  await replyMatching(r.t.db, S, h.thread, /refund of KES 400 is on its way/);
  const b2c = await eventually(async () => Promise.resolve(r.daraja.b2cPayments[before]));
  return { ...h, b2c };
}

const ownerNotice = (appointmentId: number) =>
  eventually(async () => {
    const { rows } = await r.t.db.query<{ text: string }>(
      `SELECT event->>'text' AS text FROM ${S}.inbox WHERE event->>'type' = 'relay' AND source = 'payments'`,
    );
    return rows.find((x) => x.text.includes(`booking #${appointmentId}`));
  });

describe('M-Pesa refunds by B2C', () => {
  it('pays the refund to the number that paid, from the B2C shortcode; the Result settles it', async () => {
    const h = await paidAndCancelled('+254708000131', '9am');
    const row = await refundRow(h.appt.id);
    expect(row).toMatchObject({ status: 'submitted', method: 'b2c' });
    expect(row.provider_ref).toBe(`demo-R${row.id}`);
    expect(h.b2c.body).toMatchObject({
      OriginatorConversationID: `demo-R${row.id}`,
      InitiatorName: 'ratiba-b2c',
      CommandID: 'BusinessPayment',
      Amount: '400',
      PartyA: '600996',
      PartyB: '254708000131',
      ResultURL: `${r.rt.http.url}/webhooks/daraja/${r.token}/b2c`,
      QueueTimeOutURL: `${r.rt.http.url}/webhooks/daraja/${r.token}/b2c-timeout`,
    });
    // No reversal: one way out per refund.
    expect(r.daraja.reversals).toHaveLength(0);

    expect(await r.daraja.sendResult(h.b2c.conversationId, 0)).toBe(200);
    expect((await refundRow(h.appt.id)).status).toBe('done');
    // A replay (even one claiming failure) changes nothing.
    expect(await r.daraja.sendResult(h.b2c.conversationId, 2001)).toBe(200);
    expect(await refundRow(h.appt.id)).toMatchObject({ status: 'done', method: 'b2c' });
    const metrics = await (await fetch(`${r.rt.http.url}/metrics`)).text();
    expect(metrics).toMatch(/ratiba_payments_total\{provider="mpesa",outcome="refund_done"\} 1/);
  });

  it('a refused B2C payment becomes the owner’s refund task, with the reason', async () => {
    const h = await paidAndCancelled('+254708000132', '10am');
    expect(await r.daraja.sendResult(h.b2c.conversationId, 1)).toBe(200);
    expect(await refundRow(h.appt.id)).toMatchObject({ status: 'manual', method: 'manual' });
    const notice = await ownerNotice(h.appt.id);
    expect(notice.text).toMatch(
      /^Refund task: send KES 400 back to \+254708000132 .*M-Pesa refused the refund: The balance is insufficient/,
    );
  });

  it('a queue timeout becomes the owner’s refund task too', async () => {
    const h = await paidAndCancelled('+254708000133', '11am');
    expect(await r.daraja.sendResult(h.b2c.conversationId, 0, true)).toBe(200);
    expect(await refundRow(h.appt.id)).toMatchObject({ status: 'manual', method: 'manual' });
    expect((await ownerNotice(h.appt.id)).text).toMatch(/did not answer the refund in time/);
  });
});
