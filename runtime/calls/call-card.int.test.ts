import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentWords, startPaidCallEnv } from '../../test-support/call-panel-kit';
import {
  graphSendsAfter,
  graphSendsTo,
  graphSendText,
  type ChannelEnv,
} from '../../test-support/channel-test-kit';
import {
  startFakePesapalServer,
  type FakePesapalServer,
} from '../../test-support/fake-pesapal-server';
import { eventually } from '../../test-support/test-runtime';

/**
 * A call that books with a card-only tenant (PesaPal, 50% deposit): a link can't be clicked on a
 * call, so the call says the payment link went to WhatsApp, the fake Graph API receives the
 * checkout link the fake PesaPal made, and the IPN (checked with GetTransactionStatus) marks it
 * paid: the confirmation arrives on WhatsApp. In English and Swahili.
 */
let call: Awaited<ReturnType<typeof startCardCall>>;
let env: ChannelEnv;
let pesapal: FakePesapalServer;
let panel: typeof call.panel;

const startCardCall = () =>
  startPaidCallEnv(
    startFakePesapalServer,
    (p) => ({
      mpesa: { ...p.mpesa, enabled: false, deposit_percent: 50 },
      pesapal: {
        ...p.pesapal,
        enabled: true,
        consumer_key: 'fake-pesapal-key',
        consumer_secret: 'fake-pesapal-secret',
      },
    }),
    'PESAPAL_BASE_URL',
  );

beforeAll(async () => {
  call = await startCardCall();
  ({ env, provider: pesapal, panel } = call);
});
afterAll(() => call?.stop());

const statusOf = (waId: string) => call.statusOf(waId);

/**
 * Books on a call; the ask said on the call, the link received at the fake Graph API (with
 * `closed`, Meta first refuses free-form text: the caller never wrote; the template carries it).
 */
async function bookOnCall(waId: string, lang: 'en' | 'sw', words: string[], closed = false) {
  const orders = pesapal.orders.length;
  const { body: dial } = await panel.dial(`+${waId}`, lang);
  let last = '';
  for (const [i, w] of words.entries()) {
    if (closed && i === words.length - 1) env.graph.failNextSends(1, 'outside_window');
    last = agentWords((await panel.say(dial.callId, w)).body);
  }
  const order = await eventually(() => Promise.resolve(pesapal.orders[orders]), 20_000);
  const [link] = await graphSendsAfter(env, waId, closed ? 1 : 0);
  return { callId: dial.callId, said: last, order, link: graphSendText(link!), type: link!.type };
}

describe('a call that books with a card-only tenant', () => {
  // Spoken: amounts and minutes are said in words.
  it('says the link went to WhatsApp, sends it there; paid, the confirmation follows', async () => {
    const waId = '254712930001';
    const h = await bookOnCall(
      waId,
      'en',
      ['I want a haircut with Wanjiku tomorrow at 9am', 'yes'],
      true,
    );
    expect(h.said).toMatch(
      /please pay four hundred shillings by card\. I've sent the payment link to your WhatsApp/,
    );
    expect(h.said).not.toMatch(/https?:/);
    expect(h.order).toMatchObject({ amount: 400, currency: 'KES' });
    // The window was closed: the link went as the tenant's approved template.
    expect(h.type).toBe('template');
    expect(h.link).toMatch(/^Please pay KES 400 by card here: https?:\S+/);
    expect(h.link).toContain(h.order.trackingId);
    expect(await statusOf(waId)).toBe('pending_payment');

    expect(await pesapal.pay(h.order.trackingId)).toBe(200);
    await eventually(async () => (await statusOf(waId)) === 'booked', 20_000);
    await panel.hangUp(h.callId);
    const [confirmation] = await graphSendsAfter(env, waId, 2);
    expect(graphSendText(confirmation!)).toMatch(/You're booked! Haircut with Wanjiku/);
    expect(graphSendsTo(env, waId)).toHaveLength(3);
  }, 90_000);

  it('in Swahili; hung up before paying: "held" with the link, then the confirmation', async () => {
    const waId = '254712930002';
    const h = await bookOnCall(waId, 'sw', [
      'nataka kunyoa nywele na Wanjiku kesho saa tano',
      'ndiyo',
    ]);
    expect(h.said).toMatch(
      /lipa shilingi mia nne kwa kadi\. Nimekutumia kiungo cha malipo kwenye WhatsApp/,
    );
    expect(h.type).toBe('text');
    expect(h.link).toMatch(/^Tafadhali lipa KES 400 kwa kadi hapa: https?:\S+/);
    expect(h.link).toContain(h.order.trackingId);
    await panel.hangUp(h.callId);
    const [held] = await graphSendsAfter(env, waId, 1);
    expect(graphSendText(held!)).toMatch(
      /tumekushikia nafasi hadi malipo ya kadi yafike\. Lipa hapa: https?:/,
    );
    expect(await pesapal.pay(h.order.trackingId)).toBe(200);
    const [confirmation] = await graphSendsAfter(env, waId, 2);
    expect(graphSendText(confirmation!)).toMatch(/Wanjiku/);
    expect(await statusOf(waId)).toBe('booked');
    expect(graphSendsTo(env, waId)).toHaveLength(3);
  }, 90_000);
});
