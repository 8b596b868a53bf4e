import { describe, expect, it } from 'vitest';
import { appointment, Convo, FRIDAY, input, settingsWith, slot, toOffers } from './test-kit';

const HAIRCUT_3PM = slot('15:00', 'wanjiku');

const BRAIDS_10AM = slot('10:00', 'achieng', 'braids', FRIDAY, 180);

describe('cross-sell', () => {
  /** Box braids with Achieng, Friday 10:00-13:00, booked. */
  const booked = (settings = input(), c = new Convo(settings)) => {
    c.say('braids with Achieng on Friday at 10am', {
      intent: 'book',
      serviceIds: ['braids'],
      staffId: 'achieng',
      date: FRIDAY,
      time: '10:00',
    });
    c.result('availability.search', { slots: [BRAIDS_10AM] });
    c.tap('confirm:yes');
    c.result('booking.create', {
      ok: true,
      appointment: appointment(101, BRAIDS_10AM, 3500, 'Box braids'),
    });
    return c;
  };

  it('offers one cheaper add-on right after the booked slot, and books it on yes', () => {
    const c = booked();
    // Manicure (KES 1,200) is the cheapest thing Achieng does besides the braids.
    expect(c.calls()).toEqual([
      {
        kind: 'availability.search',
        payload: {
          serviceId: 'manicure',
          staffId: 'achieng',
          date: FRIDAY,
          time: '13:00',
          limit: 3,
        },
      },
    ]);
    const addOn = slot('13:15', 'achieng', 'manicure', FRIDAY, 45);
    c.result('availability.search', { slots: [addOn] });
    expect(c.text).toBe(
      'Would you like to add Manicure with Achieng right after, at 1:15 pm (KES 1,200)?',
    );
    c.tap('addon:yes');
    expect(c.calls()).toEqual([
      {
        kind: 'booking.create',
        payload: {
          serviceId: 'manicure',
          staffId: 'achieng',
          start: addOn.start,
          channel: 'whatsapp',
        },
      },
    ]);
    c.result('booking.create', {
      ok: true,
      appointment: appointment(102, addOn, 1200, 'Manicure'),
    });
    expect(c.text).toBe('Added: Manicure with Achieng, Fri 20 Nov at 1:15 pm (KES 1,200).');
    expect(c.state).toBe('active.conversation.idle');
  });

  // Regression (issue 18): a KES 3,500 braid was offered as the "add-on" to an KES 800 haircut.
  it('never offers something dearer than what was booked', () => {
    const c = toOffers();
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    expect(c.calls()).toEqual([]);
    expect(c.state).toBe('active.conversation.idle');
  });

  it('decline ends politely; a slot that is not right after is not offered', () => {
    const c = booked();
    c.result('availability.search', {
      slots: [slot('15:00', 'achieng', 'manicure', FRIDAY, 45)],
    });
    expect(c.state).toBe('active.conversation.idle');
    expect(c.replies()).toEqual([]);

    const d = booked();
    d.result('availability.search', { slots: [slot('13:15', 'achieng', 'manicure', FRIDAY, 45)] });
    d.tap('addon:no');
    expect(d.text).toBe('No problem! See you soon.');
  });

  it('not every time: after a "no", the next booking gets no offer', () => {
    const d = booked();
    d.result('availability.search', { slots: [slot('13:15', 'achieng', 'manicure', FRIDAY, 45)] });
    d.tap('addon:no');
    booked(undefined, d);
    expect(d.text).toMatch(/^You're booked! Box braids with Achieng/);
    expect(d.calls()).toEqual([]);
    expect(d.state).toBe('active.conversation.idle');
  });

  it('upsell "never" makes no offer at all', () => {
    const c = booked(input(settingsWith({ personality: { upsell: 'never' } })));
    expect(c.state).toBe('active.conversation.idle');
    expect(c.calls()).toEqual([]);
  });
});

describe('payment', () => {
  const mpesa = () => {
    const c = toOffers(
      new Convo(input(settingsWith({ mpesa: { enabled: true, deposit_percent: 50 } }))),
    );
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    return c;
  };

  it('passes through when M-Pesa is off (the happy path has no payment step)', () => {
    const c = toOffers();
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    expect(c.calls().map((x) => x.kind)).not.toContain('payment.request');
  });

  it('asks for the deposit, sets a timeout, and confirms on payment.result ok', () => {
    const c = mpesa();
    expect(c.state).toBe('active.conversation.booking.paying');
    expect(c.effects).toEqual([
      {
        type: 'call',
        kind: 'payment.request',
        payload: { appointmentId: 101, amountKesMinor: 40_000 },
      },
      {
        type: 'timer.set',
        key: 'payment:101',
        fireAt: c.at + 180_000,
        event: { type: 'payment.timeout', appointmentId: 101 },
      },
      {
        type: 'reply',
        message: {
          kind: 'text',
          text: 'To secure your booking, please pay KES 400 by M-Pesa — a payment prompt is on its way to your phone. Enter your M-Pesa PIN to complete it.',
        },
      },
    ]);
    c.say('done?', { intent: 'unknown' });
    expect(c.text).toMatch(/still waiting for your M-Pesa payment/);
    c.send({ type: 'payment.result', ok: true, appointmentId: 101, receipt: 'QK12' });
    expect(c.effects[0]).toEqual({ type: 'timer.cancel', key: 'payment:101' });
    expect(c.text).toMatch(
      /^You're booked! Haircut with Wanjiku, Fri 20 Nov at 3:00 pm\. Price: KES 800\. Paid KES 400 by M-Pesa\./,
    );
  });

  it('a failed payment offers retry or pay at the salon', () => {
    const c = mpesa();
    c.send({ type: 'payment.result', ok: false, appointmentId: 101, reason: 'cancelled_by_user' });
    expect(c.state).toBe('active.conversation.booking.payFailed');
    expect(c.text).toBe(
      "The M-Pesa payment didn't go through. Would you like to try again, or pay at the salon?",
    );
    c.tap('pay:retry');
    expect(c.calls()).toEqual([
      { kind: 'payment.request', payload: { appointmentId: 101, amountKesMinor: 40_000 } },
    ]);
    c.send({ type: 'payment.timeout', appointmentId: 101 }, 180_000);
    expect(c.text).toMatch(/^I didn't receive the M-Pesa payment\./);
    c.tap('pay:skip');
    expect(c.text).toMatch(/you can pay at the salon\.\nYou're booked!/);
  });

  it('a payment request that cannot be made is a failed payment, not a stuck thread', () => {
    const c = mpesa();
    c.fail('payment.request', 'no_daraja_credentials');
    expect(c.state).toBe('active.conversation.booking.payFailed');
  });
});
