import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDarajaServer, type FakeDarajaServer } from '../../adapters/daraja/testing';
import { agentWords, startPaidCallEnv } from '../../test-support/call-panel-kit';
import {
  graphSendsAfter,
  graphSendsTo,
  graphSendText,
  type ChannelEnv,
} from '../../test-support/channel-test-kit';
import { FAKE_MPESA } from '../../test-support/payments-kit';
import { eventually } from '../../test-support/test-runtime';

/**
 * A call that books with M-Pesa on (50% deposit): the STK push goes out during the call (its
 * 90-second cap is the machine's, payment.test.ts), and what follows arrives on WhatsApp at the
 * fake Graph API: paid during the call, the confirmation with the payment after the hang-up;
 * not yet paid at the hang-up, "held until the payment comes through", then the confirmation
 * when it does.
 */
let call: Awaited<ReturnType<typeof startMpesaCall>>;
let env: ChannelEnv;
let daraja: FakeDarajaServer;
let panel: typeof call.panel;

const startMpesaCall = () =>
  startPaidCallEnv(
    startFakeDarajaServer,
    (p) => ({
      mpesa: {
        ...p.mpesa,
        enabled: true,
        ...FAKE_MPESA,
        deposit_percent: 50,
      },
    }),
    'DARAJA_BASE_URL',
  );

beforeAll(async () => {
  call = await startMpesaCall();
  ({ env, provider: daraja, panel } = call);
});
afterAll(() => call?.stop());

/** Dials and books a haircut with Wanjiku tomorrow at `time`; resolves with the STK push. */
async function bookOnCall(waId: string, time: string) {
  const pushes = daraja.pushes.length;
  const { body: dial } = await panel.dial(`+${waId}`);
  const offer = await panel.say(dial.callId, `I want a haircut with Wanjiku tomorrow at ${time}`);
  expect(agentWords(offer.body)).toMatch(/book/i);
  const ask = await panel.say(dial.callId, 'yes');
  // Spoken: "please pay four hundred shillings by M-Pesa".
  expect(agentWords(ask.body)).toMatch(/please pay .+ by M-Pesa/);
  const push = await eventually(() => Promise.resolve(daraja.pushes[pushes]), 20_000);
  expect(push.msisdn).toBe(waId);
  return { callId: dial.callId, push };
}

describe('a call that books with M-Pesa on', () => {
  it('paid during the call: the confirmation, with the payment, arrives on WhatsApp after it', async () => {
    const waId = '254712920001';
    const { callId, push } = await bookOnCall(waId, '9am');
    expect(await daraja.complete(push.checkoutRequestId, 0)).toBe(200);
    // The payment is settled (callback checked with a query) while the call is on.
    await eventually(async () => (await call.statusOf(waId)) === 'booked', 20_000);
    expect(graphSendsTo(env, waId)).toHaveLength(0);
    await panel.hangUp(callId);
    const [confirmation] = await graphSendsAfter(env, waId, 0);
    expect(graphSendText(confirmation!)).toMatch(/You're booked! Haircut with Wanjiku/);
    expect(graphSendText(confirmation!)).toMatch(/Paid KES 400 by M-Pesa/);
  }, 90_000);

  it('not paid at the hang-up: "held" on WhatsApp, then the confirmation when the payment comes', async () => {
    const waId = '254712920002';
    const { callId, push } = await bookOnCall(waId, '11am');
    await panel.hangUp(callId);
    const [held] = await graphSendsAfter(env, waId, 0);
    expect(graphSendText(held!)).toMatch(
      /Haircut, .* at 11:00 am: held for you until the M-Pesa payment comes through/,
    );
    expect(await daraja.complete(push.checkoutRequestId, 0)).toBe(200);
    const [confirmation] = await graphSendsAfter(env, waId, 1);
    expect(graphSendText(confirmation!)).toMatch(/You're booked! Haircut with Wanjiku/);
  }, 90_000);
});
