import { describe, expect, it } from 'vitest';
import type { Effect } from '../../contract';
import { Convo, input } from './test-kit';
import { bookOnCall, cardSettings, CHECKOUT_LINK, held } from './test-kit-pay';

const HOLD = '2026-11-20T12:30:00+03:00';

/**
 * A card-only tenant booked on a phone call: a link can't be clicked on a call, so the checkout
 * link goes to the customer's WhatsApp and the call says so; the hold and the 8/30-minute timers
 * are the chat's.
 */

/** Replies of the last turn sent to WhatsApp rather than said on the call. */
const toWhatsApp = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'reply' && e.channel === 'whatsapp' ? [e.message.text] : []));
const spoken = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'reply' && !e.channel ? [e.message.text] : []));

/** A call that books a haircut with Wanjiku on Friday at 3 pm (card-only tenant, 50%). */
function bookedOnCall(lang: 'en' | 'sw', mpesa = false) {
  const c = new Convo(input(cardSettings(lang, mpesa)));
  c.send({ type: 'call.started', channel: 'voice', callId: 'call-1' });
  bookOnCall(c, lang).result('booking.create', { ok: true, appointment: held('pesapal', HOLD) });
  return c;
}

describe('a card booking made on a call', () => {
  it('says the link went to WhatsApp, sends it there, with the chat timers', () => {
    const c = bookedOnCall('en');
    expect(c.calls()).toEqual([
      {
        kind: 'payment.request',
        payload: { appointmentId: 101, amountKesMinor: 40_000, provider: 'pesapal' },
      },
    ]);
    // Nothing is said of a link before PesaPal has made it (it used to be said here).
    expect(spoken(c.effects)).toEqual([]);
    expect(c.effects.filter((e) => e.type === 'timer.set')).toMatchObject([
      { key: 'payment:101', fireAt: c.at + 30 * 60_000 },
      { key: 'payment.check:101', fireAt: c.at + 8 * 60_000 },
    ]);
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: CHECKOUT_LINK });
    expect(toWhatsApp(c.effects)).toEqual([
      `Please pay KES 400 by card here: ${CHECKOUT_LINK} The link is valid for 30 minutes; your time is held until then.`,
    ]);
    expect(spoken(c.effects)).toEqual([
      "To secure your booking, please pay KES 400 by card. I've sent the payment link to your WhatsApp; your time is held for 30 minutes.",
    ]);
    // Asked on the call: the link again on WhatsApp, never read out.
    c.say('did you send it?', { intent: 'unknown' }, { channel: 'voice' });
    expect(toWhatsApp(c.effects)[0]).toContain(CHECKOUT_LINK);
    expect(spoken(c.effects)).toEqual([
      "I'm still waiting for your card payment. I've sent the payment link to your WhatsApp again.",
    ]);
    // The IPN's query says paid: the booking is confirmed.
    c.send({ type: 'payment.callback', appointmentId: 101 });
    c.result('payment.query', { appointmentId: 101, status: 'paid', paidMinor: 40_000 });
    expect(c.text).toMatch(/^You're booked!/);
  });

  it('in Swahili; a hang-up before paying sends the hold, with the link, to the chat', () => {
    const c = bookedOnCall('sw');
    expect(spoken(c.effects)).toEqual([]);
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: CHECKOUT_LINK });
    expect(spoken(c.effects)[0]).toBe(
      'Ili kuthibitisha nafasi yako, tafadhali lipa KES 400 kwa kadi. Nimekutumia kiungo cha malipo kwenye WhatsApp yako; nafasi yako imeshikiliwa kwa dakika 30.',
    );
    expect(toWhatsApp(c.effects)).toEqual([
      `Tafadhali lipa KES 400 kwa kadi hapa: ${CHECKOUT_LINK} Kiungo kinafanya kazi kwa dakika 30; nafasi yako imeshikiliwa hadi hapo.`,
    ]);
    c.send({ type: 'call.ended', callId: 'call-1', channel: 'whatsapp' });
    expect(c.text).toMatch(/tumekushikia nafasi hadi malipo ya kadi yafike\. Lipa hapa: https:/);
    // After the call the 8-minute nudge goes to the chat as usual, with the link.
    c.send({ type: 'payment.check', appointmentId: 101, nudge: true }, 7 * 60_000);
    expect(c.text).toMatch(/^Kumbusho tu: .*Lipa kwa kadi hapa: https:/);
    expect(toWhatsApp(c.effects)).toEqual([]);
  });

  it('a tenant with M-Pesa too: "card" said on the call takes the same way', () => {
    const c = bookedOnCall('en', true);
    expect(c.state).toBe('active.conversation.booking.payChoose');
    c.say('card please', { intent: 'unknown' }, { channel: 'voice' });
    expect(c.calls()[0]).toMatchObject({ payload: { provider: 'pesapal' } });
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: CHECKOUT_LINK });
    expect(spoken(c.effects).join(' ')).toMatch(/I've sent the payment link to your WhatsApp/);
    expect(toWhatsApp(c.effects)[0]).toContain(CHECKOUT_LINK);
  });

  it('PesaPal made no link: nothing said of one; M-Pesa, the salon or a person offered', () => {
    const c = bookedOnCall('en', true);
    c.say('card please', { intent: 'unknown' }, { channel: 'voice' });
    c.result('payment.request', { ok: false, reason: 'refused' });
    expect(toWhatsApp(c.effects)).toEqual([]);
    expect(spoken(c.effects).join(' ')).not.toMatch(/sent the payment link/);
    expect(c.state).toBe('active.conversation.booking.payFailed');
    expect(c.text).toBe(
      "Sorry, I couldn't get a card payment link just now. Would you like to pay by M-Pesa instead, or pay at the salon?",
    );
    expect(c.ids).toEqual(['paywith:mpesa', 'pay:skip', 'menu:human']);
    c.say('mpesa', { intent: 'unknown' }, { channel: 'voice' });
    expect(c.calls()[0]).toMatchObject({ payload: { provider: 'mpesa' } });
    expect(c.state).toBe('active.conversation.booking.paying');
  });

  it('in Swahili, card only: try again, the salon or a person', () => {
    const c = bookedOnCall('sw');
    c.result('payment.request', { ok: false, reason: 'refused' });
    expect(spoken(c.effects).join(' ')).not.toMatch(/Nimekutumia kiungo/);
    expect(c.text).toBe(
      'Samahani, sikuweza kupata kiungo cha malipo ya kadi kwa sasa. Ungependa kujaribu tena, au kulipa ukifika saluni?',
    );
  });
});
