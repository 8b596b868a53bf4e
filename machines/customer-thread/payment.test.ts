import { describe, expect, it } from 'vitest';
import { customerThreadMachine } from './customer-thread-machine';
import { appointment, Convo, FRIDAY, input, settingsWith, slot, toOffers } from './test-kit';
import { HAIRCUT_3PM, held } from './test-kit-pay';

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
  const mpesa = (
    settings = input(settingsWith({ mpesa: { enabled: true, deposit_percent: 50 } })),
  ) => {
    const c = toOffers(new Convo(settings));
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: held() });
    return c;
  };
  const query = (c: Convo, result: Record<string, unknown>) =>
    c.result('payment.query', { appointmentId: 101, ...result });

  it('passes through when the runtime did not hold the slot (the happy path has no payment step)', () => {
    const c = toOffers(new Convo(input(settingsWith({ mpesa: { enabled: true } }))));
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    expect(c.calls().map((x) => x.kind)).not.toContain('payment.request');
    expect(c.state).not.toMatch(/paying/);
  });

  it('asks for the amount the runtime set, with a 60 s check and the deadline', () => {
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
        type: 'timer.set',
        key: 'payment.check:101',
        fireAt: c.at + 60_000,
        event: { type: 'payment.check', appointmentId: 101 },
      },
    ]);
    // "On its way" only once Daraja took the push (said before, a retry after the hold ran out
    // read "a prompt is on its way" and then "the time was released").
    c.result('payment.request', { ok: true, checkoutId: 'ws_CO_1' });
    expect(c.effects).toEqual([
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
  });

  it('a callback is only a hint: it asks the provider, and the query confirms the booking', () => {
    const c = mpesa();
    c.result('payment.request', { ok: true, checkoutId: 'ws_CO_1' });
    expect(c.state).toBe('active.conversation.booking.paying');
    c.send({ type: 'payment.callback', appointmentId: 101 });
    expect(c.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
    expect(c.state).toBe('active.conversation.booking.paying');
    query(c, { status: 'paid', paidMinor: 40_000, receipt: 'TLA1' });
    expect(c.effects.slice(0, 2)).toEqual([
      { type: 'timer.cancel', key: 'payment:101' },
      { type: 'timer.cancel', key: 'payment.check:101' },
    ]);
    expect(c.text).toMatch(
      /^You're booked! Haircut with Wanjiku, Fri 20 Nov at 3:00 pm\. Price: KES 800\. Paid KES 400 by M-Pesa\./,
    );
  });

  it('no callback: the check timer asks, "still processing" checks again in 30 s', () => {
    const c = mpesa();
    c.send({ type: 'payment.check', appointmentId: 101 }, 60_000);
    expect(c.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
    query(c, { status: 'pending' });
    expect(c.effects).toEqual([
      {
        type: 'timer.set',
        key: 'payment.check:101',
        fireAt: c.at + 30_000,
        event: { type: 'payment.check', appointmentId: 101 },
      },
    ]);
    // A check for another appointment is not this payment's business.
    c.send({ type: 'payment.check', appointmentId: 999 });
    expect(c.calls()).toEqual([]);
  });

  it.each([
    ['cancelled_by_user', 'The M-Pesa prompt was cancelled on your phone.'],
    ['wrong_pin', 'The M-Pesa PIN entered was wrong.'],
    ['no_response', 'The M-Pesa prompt timed out before it was answered.'],
    ['insufficient_funds', "There wasn't enough balance in the M-Pesa account."],
    ['failed', "The M-Pesa payment didn't go through."],
  ])('%s: says why, and offers try again / pay at the salon / a person', (reason, why) => {
    const c = mpesa();
    query(c, { status: 'failed', reason });
    expect(c.state).toBe('active.conversation.booking.payFailed');
    expect(c.text).toBe(`${why} Would you like to try again, or pay at the salon?`);
    expect(c.ids).toEqual(['pay:retry', 'pay:skip', 'menu:human']);
  });

  it('in Swahili too', () => {
    const c = mpesa(
      input(settingsWith({ mpesa: { enabled: true }, personality: { language_preference: 'sw' } })),
    );
    query(c, { status: 'failed', reason: 'wrong_pin' });
    expect(c.text).toBe(
      'PIN ya M-Pesa iliyowekwa si sahihi. Ungependa kujaribu tena, au kulipa ukifika saluni?',
    );
  });

  it('retry asks again; pay at the salon turns the hold into a booking', () => {
    const c = mpesa();
    query(c, { status: 'failed', reason: 'cancelled_by_user' });
    c.tap('pay:retry');
    expect(c.calls()).toEqual([
      { kind: 'payment.request', payload: { appointmentId: 101, amountKesMinor: 40_000 } },
    ]);
    c.send({ type: 'payment.timeout', appointmentId: 101 }, 180_000);
    expect(c.text).toMatch(/^I didn't receive the M-Pesa payment\./);
    // The deadline takes one last look at the provider.
    expect(c.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
    c.tap('pay:skip');
    expect(c.calls()).toContainEqual({ kind: 'payment.waive', payload: { appointmentId: 101 } });
    expect(c.text).toMatch(/you can pay at the salon\.\nYou're booked!/);
  });

  it('a payment confirmed after the deadline still confirms the booking', () => {
    const c = mpesa();
    c.send({ type: 'payment.timeout', appointmentId: 101 }, 180_000);
    query(c, { status: 'paid', paidMinor: 40_000 });
    expect(c.text).toMatch(/^You're booked!.*Paid KES 400 by M-Pesa\./);
  });

  it('without pay-at-the-salon the customer may give up: the hold is released', () => {
    const s = settingsWith({ mpesa: { enabled: true } });
    const c = mpesa(input({ ...s, payments: { ...(s.payments as object), pay_at_salon: false } }));
    query(c, { status: 'failed', reason: 'no_response' });
    expect(c.text).toBe(
      'The M-Pesa prompt timed out before it was answered. Would you like to try again?',
    );
    expect(c.ids).toEqual(['pay:retry', 'pay:cancel', 'menu:human']);
    c.say('no', { intent: 'no' });
    expect(c.calls()).toEqual([{ kind: 'payment.release', payload: { appointmentId: 101 } }]);
    expect(c.text).toMatch(/^OK, I've cancelled that booking and released the time\./);
    expect(c.state).toBe('active.conversation.idle');
  });

  it('a hold that expired sends the customer back to choosing a time', () => {
    const c = mpesa();
    query(c, { status: 'failed', reason: 'wrong_pin' });
    c.tap('pay:retry');
    c.result('payment.request', { ok: false, reason: 'hold_expired' });
    expect(c.state).toBe('active.conversation.booking.when');
    expect(c.text).toMatch(/^Sorry, the time I was holding for you was released/);
  });

  it('a payment request that cannot be made is a failed payment, not a stuck thread', () => {
    const c = mpesa();
    c.fail('payment.request', 'no_daraja_credentials');
    expect(c.state).toBe('active.conversation.booking.payFailed');
    const d = mpesa();
    d.result('payment.request', { ok: false, reason: 'not_configured' });
    expect(d.state).toBe('active.conversation.booking.payFailed');
    expect(d.text).toMatch(/^I couldn't send the M-Pesa prompt just now\./);
  });

  it('a late callback after the customer moved on is checked, and a payment is acknowledged', () => {
    const c = mpesa();
    c.send({ type: 'payment.timeout', appointmentId: 101 }, 180_000);
    c.say('Hi', { intent: 'greeting' });
    expect(c.state).toBe('active.conversation.idle');
    c.send({ type: 'payment.callback', appointmentId: 101 });
    expect(c.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
    query(c, { status: 'paid', paidMinor: 40_000, receipt: 'TLA1B2' });
    expect(c.text).toMatch(/^Payment received — KES 400\. Thank you! M-Pesa receipt TLA1B2\./);
  });

  it('survives persist -> JSON -> restore while paying', () => {
    const c = mpesa();
    const persisted: unknown = JSON.parse(JSON.stringify(c.snapshot));
    const d = new Convo();
    d.snapshot = customerThreadMachine.resolveState(persisted as typeof c.snapshot);
    d.at = c.at;
    expect(d.state).toBe('active.conversation.booking.paying');
    d.send({ type: 'payment.callback', appointmentId: 101 });
    expect(d.calls()).toEqual([{ kind: 'payment.query', payload: { appointmentId: 101 } }]);
  });
});

describe('refund on cancel', () => {
  it('a cancelled paid booking starts its refund and says how it will come', () => {
    const c = new Convo();
    c.say('cancel my booking', { intent: 'cancel' });
    const a = appointment(101, HAIRCUT_3PM, 800);
    c.result('booking.list', { appointments: [a] });
    c.tap('confirm:yes');
    c.result('booking.cancel', {
      ok: true,
      appointment: { ...a, status: 'cancelled' },
      refundDueMinor: 40_000,
    });
    expect(c.calls()).toEqual([{ kind: 'payment.refund', payload: { appointmentId: 101 } }]);
    c.result('payment.refund', { state: 'submitted', amountMinor: 40_000 });
    expect(c.text).toBe('Your refund of KES 400 is on its way to your M-Pesa.');
    c.result('payment.refund', { state: 'manual', amountMinor: 40_000 });
    expect(c.text).toMatch(/^The team will send your refund of KES 400 shortly/);
  });
});

describe('a hold released by the nightly reaper', () => {
  it('tells the customer in their language, whatever they are doing, and changes nothing else', () => {
    const event = {
      type: 'payment.released' as const,
      appointmentId: 77,
      serviceId: 'haircut',
      serviceName: 'Haircut',
      start: `${FRIDAY}T15:00:00+03:00`,
    };
    const en = new Convo();
    en.say('Hi', { intent: 'greeting' });
    const state = en.state;
    en.send(event);
    expect(en.text).toBe(
      "The time we were holding for you — Haircut, Fri 20 Nov at 3:00 pm — has been released because the payment didn't come through. Reply here any time to book again.",
    );
    expect(en.state).toBe(state);
    const sw = new Convo();
    sw.say('Habari', { intent: 'greeting', language: 'sw' });
    sw.send(event);
    expect(sw.text).toBe(
      'Nafasi tuliyokushikilia — Kunyoa nywele, Ijumaa 20 Novemba saa tisa mchana — imeachiliwa kwa sababu malipo hayakukamilika. Jibu ujumbe huu wakati wowote kuweka miadi tena.',
    );
  });
});
