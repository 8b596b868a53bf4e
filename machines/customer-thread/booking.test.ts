import { describe, expect, it } from 'vitest';
import { appointment, Convo, FRIDAY, input, settingsWith, slot } from './test-kit';

const HAIRCUT_3PM = slot('15:00', 'wanjiku');

/** Greets, asks for a haircut with Wanjiku on Friday at 3pm, and gets three slots. */
function toOffers(c = new Convo()) {
  c.say('Hi', { intent: 'greeting' });
  c.say('I want a haircut', { intent: 'book', serviceIds: ['haircut'] });
  c.tap('staff:wanjiku', 'Wanjiku');
  c.say('Friday at 3pm', { intent: 'book', date: FRIDAY, time: '15:00' });
  c.result('availability.search', {
    slots: [HAIRCUT_3PM, slot('15:30', 'wanjiku'), slot('16:00', 'wanjiku')],
  });
  return c;
}

describe('booking, happy path', () => {
  it('walks service -> staff -> day/time -> slots -> confirm -> booked in English', () => {
    const c = new Convo();
    c.say('Hi', { intent: 'greeting' });
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^Hello! What would you like to do\?/);
    expect(c.ids).toContain('menu:book');

    c.say('I want a haircut', { intent: 'book', serviceIds: ['haircut'] });
    expect(c.state).toBe('active.conversation.booking.staff');
    expect(c.ids).toEqual(['staff:wanjiku', 'staff:baraka', 'staff:any']);

    c.tap('staff:wanjiku', 'Wanjiku');
    expect(c.state).toBe('active.conversation.booking.when');
    expect(c.ids).toEqual(['day:2026-11-18', 'day:2026-11-19', 'when:soonest']);

    c.say('Friday at 3pm', { intent: 'book', date: FRIDAY, time: '15:00' });
    expect(c.state).toBe('active.conversation.booking.searching');
    expect(c.calls()).toEqual([
      {
        kind: 'availability.search',
        payload: {
          serviceId: 'haircut',
          staffId: 'wanjiku',
          date: FRIDAY,
          time: '15:00',
          limit: 3,
        },
      },
    ]);
    expect(c.replies()).toEqual([]);

    c.result('availability.search', {
      slots: [HAIRCUT_3PM, slot('15:30', 'wanjiku'), slot('16:00', 'wanjiku')],
    });
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.replies()[0]?.kind).toBe('buttons');
    expect(c.ids).toEqual([
      'slot:2026-11-20T15:00+03:00:wanjiku',
      'slot:2026-11-20T15:30+03:00:wanjiku',
      'slot:2026-11-20T16:00+03:00:wanjiku',
    ]);

    c.tap('slot:2026-11-20T15:00+03:00:wanjiku', '15:00 Wanjiku');
    expect(c.state).toBe('active.conversation.booking.confirming');
    expect(c.text).toBe('Haircut with Wanjiku, Fri 20 Nov at 3:00 pm — KES 800. Shall I book it?');
    expect(c.ids).toEqual(['confirm:yes', 'confirm:no']);

    c.tap('confirm:yes', 'Yes, book it');
    expect(c.calls()).toEqual([
      {
        kind: 'booking.create',
        payload: {
          serviceId: 'haircut',
          staffId: 'wanjiku',
          start: HAIRCUT_3PM.start,
          channel: 'whatsapp',
        },
      },
    ]);

    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    expect(c.text).toBe(
      "You're booked! Haircut with Wanjiku, Fri 20 Nov at 3:00 pm. Price: KES 800. Ref #101.",
    );
    // Cross-sell: one search for an add-on with the same staff right after the booked slot.
    expect(c.calls()).toEqual([
      {
        kind: 'availability.search',
        payload: { serviceId: 'braids', staffId: 'wanjiku', date: FRIDAY, time: '15:30', limit: 3 },
      },
    ]);
    expect(c.state).toBe('active.conversation.crossSell.searching');
  });

  it('walks the same booking in Swahili, with Swahili clock time', () => {
    const c = new Convo();
    c.say('Habari', { intent: 'greeting', language: 'sw' });
    expect(c.text).toMatch(/^Habari! Ungependa kufanya nini\?/);
    c.say('Nataka kunyoa', { intent: 'book', serviceIds: ['haircut'], language: 'sw' });
    expect(c.text).toMatch(/^Ungependa nani akuhudumie kwa Kunyoa nywele\?/);
    expect(c.replies()[0]).toMatchObject({
      buttons: [{ title: 'Wanjiku' }, { title: 'Baraka' }, { title: 'Yeyote' }],
    });
    c.say('Wanjiku', { intent: 'book', staffId: 'wanjiku', language: 'sw' });
    expect(c.ids).toEqual(['day:2026-11-18', 'day:2026-11-19', 'when:soonest']);
    c.say('Ijumaa saa tisa', { intent: 'book', date: FRIDAY, time: '15:00', language: 'sw' });
    expect(c.calls()).toEqual([
      {
        kind: 'availability.search',
        payload: {
          serviceId: 'haircut',
          staffId: 'wanjiku',
          date: FRIDAY,
          time: '15:00',
          limit: 3,
        },
      },
    ]);
    c.result('availability.search', { slots: [HAIRCUT_3PM, slot('15:30', 'wanjiku')] });
    expect(c.text).toMatch(
      /^Hizi ndizo nafasi zilizo wazi za Kunyoa nywele na Wanjiku, Ijumaa 20 Novemba:/,
    );
    c.say('ya kwanza', { intent: 'book', choice: 1, language: 'sw' });
    expect(c.text).toBe(
      'Kunyoa nywele na Wanjiku, Ijumaa 20 Novemba saa tisa mchana — KSh 800. Nikuwekee nafasi hii?',
    );
    c.say('ndiyo', { intent: 'yes', language: 'sw' });
    expect(c.calls()[0]).toMatchObject({
      kind: 'booking.create',
      payload: { start: HAIRCUT_3PM.start },
    });
    c.result('booking.create', {
      ok: true,
      appointment: appointment(102, HAIRCUT_3PM, 800, 'Kunyoa nywele'),
    });
    expect(c.text).toBe(
      'Umewekewa nafasi! Kunyoa nywele na Wanjiku, Ijumaa 20 Novemba saa tisa mchana. Bei: KSh 800. Namba ya kumbukumbu #102.',
    );
  });

  it('takes everything from one message and goes straight to the search', () => {
    const c = new Convo();
    c.say('braids with Achieng on Friday afternoon', {
      intent: 'book',
      serviceIds: ['braids'],
      staffId: 'achieng',
      date: FRIDAY,
      partOfDay: 'afternoon',
    });
    expect(c.state).toBe('active.conversation.booking.searching');
    expect(c.calls()[0]?.payload).toEqual({
      serviceId: 'braids',
      staffId: 'achieng',
      date: FRIDAY,
      partOfDay: 'afternoon',
      limit: 3,
    });
  });
});

describe('booking, choices', () => {
  it('"anyone" searches without a staff member and shows who each slot is with', () => {
    const c = new Convo();
    c.say('haircut', { intent: 'book', serviceIds: ['haircut'] });
    c.tap('staff:any', 'Anyone');
    c.say('Friday 3pm', { intent: 'book', date: FRIDAY, time: '15:00' });
    expect(c.calls()[0]?.payload).toMatchObject({ serviceId: 'haircut', staffId: null });
    c.result('availability.search', { slots: [HAIRCUT_3PM, slot('15:00', 'baraka')] });
    expect(c.replies()[0]).toMatchObject({
      buttons: [
        { id: 'slot:2026-11-20T15:00+03:00:wanjiku', title: '15:00 Wanjiku' },
        { id: 'slot:2026-11-20T15:00+03:00:baraka', title: '15:00 Baraka' },
      ],
    });
    c.tap('slot:2026-11-20T15:00+03:00:baraka');
    expect(c.text).toMatch(/^Haircut with Baraka, Fri 20 Nov at 3:00 pm/);
    c.tap('confirm:yes');
    expect(c.calls()[0]?.payload).toMatchObject({ staffId: 'baraka' });
  });

  it('a named staff member who does not do the service is explained, and asked again', () => {
    const c = new Convo();
    c.say('pedicure with Baraka', { intent: 'book', serviceIds: ['pedicure'], staffId: 'baraka' });
    // Only Achieng does pedicures: no staff question; Baraka is not taken.
    expect(c.context.draft).toMatchObject({
      serviceId: 'pedicure',
      staffId: null,
      staffChosen: true,
    });
    expect(c.state).toBe('active.conversation.booking.when');
    c.say('with Baraka please', { intent: 'book', staffId: 'baraka' });
    expect(c.text).toMatch(/^Baraka doesn't do Pedicure\./);
  });

  it('a whole day is offered as a list of up to 10', () => {
    const c = new Convo();
    c.say('massage with Baraka on Friday', {
      intent: 'book',
      serviceIds: ['massage'],
      staffId: 'baraka',
      date: FRIDAY,
    });
    expect(c.calls()[0]?.payload).toMatchObject({ date: FRIDAY, limit: 10 });
    const times = ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00'];
    c.result('availability.search', { slots: times.map((t) => slot(t, 'baraka', 'massage')) });
    const m = c.replies()[0];
    expect(m?.kind).toBe('list');
    expect(c.ids).toHaveLength(6);
    c.say('the 4th', { intent: 'book', choice: 4 });
    expect(c.context.chosen?.start).toBe(`${FRIDAY}T13:00:00+03:00`);
  });

  it('slot_taken apologises and offers the alternatives', () => {
    const c = toOffers();
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', {
      ok: false,
      reason: 'slot_taken',
      alternatives: [slot('15:30', 'wanjiku'), slot('16:30', 'wanjiku')],
    });
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.text).toMatch(/^Sorry, 3:00 pm was just taken\. Here are the free times/);
    expect(c.ids).toEqual([
      'slot:2026-11-20T15:30+03:00:wanjiku',
      'slot:2026-11-20T16:30+03:00:wanjiku',
    ]);
    c.tap('slot:2026-11-20T16:30+03:00:wanjiku');
    c.tap('confirm:yes');
    expect(c.calls()[0]?.payload).toMatchObject({ start: `${FRIDAY}T16:30:00+03:00` });
  });

  it('no free slots asks for another day', () => {
    const c = new Convo();
    c.say('haircut with Wanjiku Friday morning', {
      intent: 'book',
      serviceIds: ['haircut'],
      staffId: 'wanjiku',
      date: FRIDAY,
      partOfDay: 'morning',
    });
    c.result('availability.search', { slots: [] });
    expect(c.state).toBe('active.conversation.booking.when');
    expect(c.text).toMatch(
      /^Sorry, nothing is free on Fri 20 Nov in the morning\. When would you like/,
    );
  });

  it('"no" at the confirmation goes back to the offered times', () => {
    const c = toOffers();
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:no', 'Change time');
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.ids).toHaveLength(3);
  });
});

describe('cross-sell', () => {
  const booked = (settings = input()) => {
    const c = toOffers(new Convo(settings));
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:yes');
    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    return c;
  };

  it('offers one add-on right after the booked slot, and books it on yes', () => {
    const c = booked();
    const addOn = slot('15:30', 'wanjiku', 'braids', FRIDAY, 180);
    c.result('availability.search', { slots: [addOn] });
    expect(c.text).toBe(
      'Would you like to add Box braids with Wanjiku right after, at 3:30 pm (KES 3,500)?',
    );
    c.tap('addon:yes');
    expect(c.calls()).toEqual([
      {
        kind: 'booking.create',
        payload: {
          serviceId: 'braids',
          staffId: 'wanjiku',
          start: addOn.start,
          channel: 'whatsapp',
        },
      },
    ]);
    c.result('booking.create', {
      ok: true,
      appointment: appointment(102, addOn, 3500, 'Box braids'),
    });
    expect(c.text).toBe('Added: Box braids with Wanjiku, Fri 20 Nov at 3:30 pm (KES 3,500).');
    expect(c.state).toBe('active.conversation.idle');
  });

  it('decline ends politely; a slot that is not right after is not offered', () => {
    const c = booked();
    c.result('availability.search', { slots: [slot('17:00', 'wanjiku', 'braids', FRIDAY, 180)] });
    expect(c.state).toBe('active.conversation.idle');
    expect(c.replies()).toEqual([]);

    const d = booked();
    d.result('availability.search', { slots: [slot('15:30', 'wanjiku', 'braids', FRIDAY, 180)] });
    d.tap('addon:no');
    expect(d.text).toBe('No problem! See you soon.');
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
