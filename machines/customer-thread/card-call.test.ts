import { describe, expect, it } from 'vitest';
import type { Effect } from '../../contract';
import { appointment, Convo, FRIDAY, input, settingsWith, slot } from './test-kit';

/**
 * A card-only tenant booked on a phone call: a link can't be clicked on a call, so the checkout
 * link goes to the customer's WhatsApp and the call says so; the hold and the 8/30-minute timers
 * are the chat's.
 */

const LINK = 'https://cybqa.pesapal.com/pesapaliframe/PesapalIframe3/Index/?OrderTrackingId=abc';
const S = slot('15:00', 'wanjiku');
const held = () => ({
  ...appointment(101, S, 800),
  status: 'pending_payment' as const,
  payment: {
    provider: 'pesapal' as const,
    currency: 'KES' as const,
    dueMinor: 40_000,
    paidMinor: 0,
    state: 'due' as const,
    holdExpiresAt: '2026-11-20T12:30:00+03:00',
  },
});

/** Replies of the last turn sent to WhatsApp rather than said on the call. */
const toWhatsApp = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'reply' && e.channel === 'whatsapp' ? [e.message.text] : []));
const spoken = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'reply' && !e.channel ? [e.message.text] : []));

/** A call that books a haircut with Wanjiku on Friday at 3 pm (card-only tenant, 50%). */
function bookOnCall(lang: 'en' | 'sw', mpesa = false) {
  const s = settingsWith({
    mpesa: { enabled: mpesa, deposit_percent: 50 },
    pesapal: { enabled: true },
    personality: { language_preference: lang },
  });
  const c = new Convo(input(s));
  c.send({ type: 'call.started', channel: 'voice', callId: 'call-1' });
  c.say(
    'haircut with Wanjiku friday 3pm',
    {
      intent: 'book',
      serviceIds: ['haircut'],
      staffId: 'wanjiku',
      date: FRIDAY,
      time: '15:00',
      language: lang,
    },
    { channel: 'voice' },
  );
  c.result('availability.search', { slots: [S] });
  const tap = (replyId: string) => c.send({ type: 'message', channel: 'voice', text: '', replyId });
  tap('slot:2026-11-20T15:00+03:00:wanjiku');
  tap('confirm:yes');
  c.result('booking.create', { ok: true, appointment: held() });
  return c;
}

describe('a card booking made on a call', () => {
  it('says the link went to WhatsApp, sends it there, with the chat timers', () => {
    const c = bookOnCall('en');
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
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: LINK });
    expect(toWhatsApp(c.effects)).toEqual([
      `Please pay KES 400 by card here: ${LINK} The link is valid for 30 minutes; your time is held until then.`,
    ]);
    expect(spoken(c.effects)).toEqual([
      "To secure your booking, please pay KES 400 by card. I've sent the payment link to your WhatsApp; your time is held for 30 minutes.",
    ]);
    // Asked on the call: the link again on WhatsApp, never read out.
    c.say('did you send it?', { intent: 'unknown' }, { channel: 'voice' });
    expect(toWhatsApp(c.effects)[0]).toContain(LINK);
    expect(spoken(c.effects)).toEqual([
      "I'm still waiting for your card payment. I've sent the payment link to your WhatsApp again.",
    ]);
    // The IPN's query says paid: the booking is confirmed.
    c.send({ type: 'payment.callback', appointmentId: 101 });
    c.result('payment.query', { appointmentId: 101, status: 'paid', paidMinor: 40_000 });
    expect(c.text).toMatch(/^You're booked!/);
  });

  it('in Swahili; a hang-up before paying sends the hold, with the link, to the chat', () => {
    const c = bookOnCall('sw');
    expect(spoken(c.effects)).toEqual([]);
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: LINK });
    expect(spoken(c.effects)[0]).toBe(
      'Ili kuthibitisha nafasi yako, tafadhali lipa KES 400 kwa kadi. Nimekutumia kiungo cha malipo kwenye WhatsApp yako; nafasi yako imeshikiliwa kwa dakika 30.',
    );
    expect(toWhatsApp(c.effects)).toEqual([
      `Tafadhali lipa KES 400 kwa kadi hapa: ${LINK} Kiungo kinafanya kazi kwa dakika 30; nafasi yako imeshikiliwa hadi hapo.`,
    ]);
    c.send({ type: 'call.ended', callId: 'call-1', channel: 'whatsapp' });
    expect(c.text).toMatch(/tumekushikia nafasi hadi malipo ya kadi yafike\. Lipa hapa: https:/);
    // After the call the 8-minute nudge goes to the chat as usual, with the link.
    c.send({ type: 'payment.check', appointmentId: 101, nudge: true }, 7 * 60_000);
    expect(c.text).toMatch(/^Kumbusho tu: .*Lipa kwa kadi hapa: https:/);
    expect(toWhatsApp(c.effects)).toEqual([]);
  });

  it('a tenant with M-Pesa too: "card" said on the call takes the same way', () => {
    const c = bookOnCall('en', true);
    expect(c.state).toBe('active.conversation.booking.payChoose');
    c.say('card please', { intent: 'unknown' }, { channel: 'voice' });
    expect(c.calls()[0]).toMatchObject({ payload: { provider: 'pesapal' } });
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: LINK });
    expect(spoken(c.effects).join(' ')).toMatch(/I've sent the payment link to your WhatsApp/);
    expect(toWhatsApp(c.effects)[0]).toContain(LINK);
  });

  it('PesaPal made no link: nothing said of one; M-Pesa, the salon or a person offered', () => {
    const c = bookOnCall('en', true);
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
    const c = bookOnCall('sw');
    c.result('payment.request', { ok: false, reason: 'refused' });
    expect(spoken(c.effects).join(' ')).not.toMatch(/Nimekutumia kiungo/);
    expect(c.text).toBe(
      'Samahani, sikuweza kupata kiungo cha malipo ya kadi kwa sasa. Ungependa kujaribu tena, au kulipa ukifika saluni?',
    );
  });
});
