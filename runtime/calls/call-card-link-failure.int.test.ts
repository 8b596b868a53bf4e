import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDarajaServer, type FakeDarajaServer } from '../../adapters/daraja/testing';
import { agentWords, callPanelClient } from '../../test-support/call-panel-kit';
import {
  graphSendsTo,
  startChannelEnv,
  type ChannelEnv,
} from '../../test-support/channel-test-kit';
import {
  startFakePesapalServer,
  type FakePesapalServer,
} from '../../test-support/fake-pesapal-server';
import { FAKE_MPESA, repliesOf } from '../../test-support/payments-kit';
import { eventually, simulate } from '../../test-support/test-runtime';

/**
 * "Link sent" only after PesaPal answered (issue 13). A call used to say "I've sent the payment
 * link to your WhatsApp" as soon as the customer chose card, before SubmitOrderRequest had
 * answered; when PesaPal failed, no link ever came. Now the customer is told of the link only once
 * PesaPal made it, and when it fails (5xx, no answer, refusal) they are offered M-Pesa (the tenant
 * takes it), paying at the salon, or a person — on a call and in chat.
 */
let env: ChannelEnv;
let pesapal: FakePesapalServer;
let daraja: FakeDarajaServer;
let panel: ReturnType<typeof callPanelClient>;

beforeAll(async () => {
  pesapal = await startFakePesapalServer();
  daraja = await startFakeDarajaServer();
  env = await startChannelEnv(
    (f) => ({
      ...f,
      payments: {
        ...f.payments,
        mpesa: {
          ...f.payments.mpesa,
          enabled: true,
          ...FAKE_MPESA,
          deposit_percent: 50,
        },
        pesapal: {
          ...f.payments.pesapal,
          enabled: true,
          consumer_key: 'fake-pesapal-key',
          consumer_secret: 'fake-pesapal-secret',
        },
        pay_at_salon: true,
        hold_minutes: 10,
      },
    }),
    { PESAPAL_BASE_URL: pesapal.url, DARAJA_BASE_URL: daraja.url },
  );
  panel = callPanelClient(env.rt.http.url);
}, 240_000);
afterAll(async () => {
  await env?.stop();
  await pesapal?.close();
  await daraja?.close();
});

const statusOf = async (phone: string) => {
  const { rows } = await env.t.db.query<{ status: string }>(
    `SELECT a.status FROM t_demo.appointments a JOIN t_demo.customers c ON c.id = a.customer_id
      WHERE c.phone = $1`,
    [phone],
  );
  return rows[0]?.status;
};

const OFFERED = /Would you like to pay by M-Pesa instead, or pay at the salon\?/;

/** Books to the M-Pesa-or-card question in chat and answers "Card". */
async function chooseCardInChat(from: string, time: string) {
  const url = env.rt.http.url;
  await simulate(url, { from, text: `I want a haircut with Wanjiku tomorrow at ${time}` });
  const asked = await simulate(url, { from, text: 'Yes', replyId: 'confirm:yes' });
  expect(asked.body.replies.at(-1)?.text).toMatch(/M-Pesa or card\?/);
  return { thread: asked.body.thread, card: () => simulate(url, { from, text: 'Card' }) };
}

describe('chat: the card link could not be made', () => {
  it('PesaPal down (HTTP 503): no link promised; M-Pesa offered and taken', async () => {
    const from = '+254712940001';
    const c = await chooseCardInChat(from, '9am');
    pesapal.failNextSubmits(1, { status: 503, text: '<html>Service Unavailable</html>' });
    const r = await c.card();
    const texts = r.body.replies.map((x) => x.text);
    expect(texts.join('\n')).not.toMatch(/by card here|https?:/);
    expect(texts.at(-1)).toMatch(/^Sorry, I couldn't get a card payment link just now\./);
    expect(texts.at(-1)).toMatch(OFFERED);
    expect(await statusOf(from)).toBe('pending_payment'); // the slot is still held

    const pushes = daraja.pushes.length;
    const m = await simulate(env.rt.http.url, { from, text: 'M-Pesa', replyId: 'paywith:mpesa' });
    expect(m.body.replies.at(-1)?.text).toMatch(/please pay KES 400 by M-Pesa/);
    const push = await eventually(async () => Promise.resolve(daraja.pushes[pushes]));
    expect(push).toMatchObject({ amountKes: 400, msisdn: '254712940001' });
  }, 90_000);

  it('PesaPal refuses the order: the salon chosen instead, the booking confirmed', async () => {
    const from = '+254712940002';
    const c = await chooseCardInChat(from, '10am');
    pesapal.failNextSubmits(1, 'refuse');
    const r = await c.card();
    expect(r.body.replies.at(-1)?.text).toMatch(OFFERED);
    const salon = await simulate(env.rt.http.url, { from, text: 'x', replyId: 'pay:skip' });
    expect(salon.body.replies.map((x) => x.text).join('\n')).toMatch(/you can pay at the salon/);
    expect(await statusOf(from)).toBe('booked');
  }, 90_000);

  it('PesaPal does not answer: the customer is not left waiting for a link', async () => {
    const from = '+254712940003';
    const c = await chooseCardInChat(from, '11am');
    pesapal.failNextSubmits(1, 'hang');
    await c.card(); // the request's deadline (15 s) is longer than the simulator waits
    const failed = await eventually(
      async () => (await repliesOf(env.t.db, 't_demo', c.thread)).find((t) => OFFERED.test(t)),
      60_000,
      250,
    );
    expect(failed).toMatch(/^Sorry, I couldn't get a card payment link just now\./);
    const all = await repliesOf(env.t.db, 't_demo', c.thread);
    expect(all.join('\n')).not.toMatch(/by card here/);
  }, 120_000);
});

describe('a call: the card link could not be made', () => {
  it('never says the link went to WhatsApp; M-Pesa, the salon or a person offered', async () => {
    const waId = '254712940011';
    const { body: dial } = await panel.dial(`+${waId}`, 'en');
    await panel.say(dial.callId, 'I want a haircut with Wanjiku tomorrow at 1pm');
    const choose = agentWords((await panel.say(dial.callId, 'yes')).body);
    expect(choose).toMatch(/M-Pesa or card/);
    pesapal.failNextSubmits(1, { status: 502, text: 'Bad Gateway' });
    const orders = pesapal.orders.length;
    const said = agentWords((await panel.say(dial.callId, 'card please')).body);
    expect(said).not.toMatch(/sent the payment link/i);
    expect(said).toMatch(/couldn't get a card payment link just now/);
    expect(said).toMatch(/pay by M-Pesa instead, or pay at the salon/);
    expect(pesapal.orders).toHaveLength(orders);
    expect(graphSendsTo(env, waId)).toHaveLength(0); // no link went to WhatsApp

    // The next card try works: only now the call says the link went to WhatsApp.
    const again = agentWords((await panel.say(dial.callId, 'card')).body);
    expect(again).toMatch(/I've sent the payment link to your WhatsApp/);
    const order = await eventually(() => Promise.resolve(pesapal.orders[orders]), 20_000);
    await eventually(() => Promise.resolve(graphSendsTo(env, waId).length === 1), 20_000);
    expect(order).toMatchObject({ amount: 400 });
    await panel.hangUp(dial.callId);
  }, 120_000);
});
