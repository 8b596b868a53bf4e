import { describe, expect, it } from 'vitest';
import { Convo, input, settingsWith, toOffers } from './test-kit';
import { cardSettings, CHECKOUT_LINK, held } from './test-kit-pay';

/** Card payments (PesaPal checkout link) and the customer's choice between M-Pesa and card. */

function toChoice(lang: 'en' | 'sw' = 'en') {
  const c = toOffers(new Convo(input(cardSettings(lang, true))));
  c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
  c.tap('confirm:yes');
  c.result('booking.create', { ok: true, appointment: held() });
  return c;
}

function toCardLink(c = toChoice()) {
  c.tap('paywith:card');
  c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: CHECKOUT_LINK });
  return c;
}

describe('card payment', () => {
  it('asks M-Pesa or card when the tenant takes both, in English and Swahili', () => {
    const c = toChoice();
    expect(c.state).toBe('active.conversation.booking.payChoose');
    expect(c.text).toMatch(/pay KES 400\. How would you like to pay — M-Pesa or card\?/);
    expect(c.replies().at(-1)).toMatchObject({
      buttons: [
        { id: 'paywith:mpesa', title: 'M-Pesa' },
        { id: 'paywith:card', title: 'Card' },
        { id: 'pay:cancel', title: 'Cancel booking' },
      ],
    });
    const sw = toChoice('sw');
    expect(sw.text).toMatch(/M-Pesa au kadi\?/);
    expect(sw.replies().at(-1)).toMatchObject({
      buttons: [{ title: 'M-Pesa' }, { title: 'Kadi' }, { title: 'Ghairi miadi' }],
    });
    sw.say('kadi', { intent: 'unknown', language: 'sw' });
    expect(sw.calls()).toEqual([
      {
        kind: 'payment.request',
        payload: { appointmentId: 101, amountKesMinor: 40_000, provider: 'pesapal' },
      },
    ]);
  });

  it('"M-Pesa" sends the STK push with the provider named', () => {
    const c = toChoice();
    c.say('mpesa please', { intent: 'unknown' });
    expect(c.calls()[0]).toEqual({
      kind: 'payment.request',
      payload: { appointmentId: 101, amountKesMinor: 40_000, provider: 'mpesa' },
    });
    c.result('payment.request', { ok: true, checkoutId: 'ws_CO_1' });
    expect(c.text).toMatch(/payment prompt is on its way/);
  });

  it('card: the link goes to the customer, a nudge at 8 min, the end at 30 min', () => {
    const c = toChoice();
    c.tap('paywith:card');
    expect(c.effects.filter((e) => e.type === 'timer.set')).toEqual([
      {
        type: 'timer.set',
        key: 'payment:101',
        fireAt: c.at + 30 * 60_000,
        event: { type: 'payment.timeout', appointmentId: 101 },
      },
      {
        type: 'timer.set',
        key: 'payment.check:101',
        fireAt: c.at + 8 * 60_000,
        event: { type: 'payment.check', appointmentId: 101, nudge: true },
      },
    ]);
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: CHECKOUT_LINK });
    expect(c.text).toBe(
      `Please pay KES 400 by card here: ${CHECKOUT_LINK} The link is valid for 30 minutes; your time is held until then.`,
    );
    c.say('done?', { intent: 'unknown' });
    expect(c.text).toMatch(/still waiting for your card payment\. The link again: https:/);
    c.send({ type: 'payment.check', appointmentId: 101, nudge: true }, 7 * 60_000);
    expect(c.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
    expect(c.text).toMatch(
      /^Just a reminder: your booking is held until you pay\. Pay by card here: https:/,
    );
    // Still not paid: no 30-second polling for a card checkout.
    c.result('payment.query', { appointmentId: 101, status: 'pending' });
    expect(c.effects).toEqual([]);
    c.send({ type: 'payment.timeout', appointmentId: 101 }, 22 * 60_000);
    expect(c.calls()).toEqual([
      { kind: 'payment.query', payload: { appointmentId: 101 } },
      { kind: 'payment.release', payload: { appointmentId: 101 } },
    ]);
    expect(c.text).toMatch(/wasn't completed within 30 minutes, so I've released the time/);
    expect(c.state).toBe('active.conversation.idle');
  });

  it('an IPN is only a hint: the query decides, and a paid query confirms the booking', () => {
    const c = toCardLink();
    c.send({ type: 'payment.callback', appointmentId: 101 });
    expect(c.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
    expect(c.state).toBe('active.conversation.booking.paying');
    c.result('payment.query', { appointmentId: 101, status: 'paid', paidMinor: 40_000 });
    expect(c.text).toMatch(/^You're booked!/);
  });

  it('a card-only tenant goes straight to the link; the old 3-minute deadline does not apply', () => {
    const s = settingsWith({ mpesa: { enabled: false }, pesapal: { enabled: true } });
    const c = toOffers(new Convo(input(s)));
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: held() });
    expect(c.calls()[0]).toMatchObject({ payload: { provider: 'pesapal' } });
    c.result('payment.request', { ok: true, checkoutId: 'abc', redirectUrl: CHECKOUT_LINK });
    c.send({ type: 'message', channel: 'whatsapp', text: 'hello?' }, 5 * 60_000);
    expect(c.state).toBe('active.conversation.booking.paying');
  });
});
