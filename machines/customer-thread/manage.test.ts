import { describe, expect, it } from 'vitest';
import type { Understanding } from '../../contract';
import { appointment, Convo, FRIDAY, slot } from './test-kit';

/** "<service> on Friday ...", as understood. */
const onFriday = (serviceId: string, extra: Partial<Understanding> = {}) => ({
  intent: 'book' as const,
  serviceIds: [serviceId],
  date: FRIDAY,
  ...extra,
});

const HAIRCUT = appointment(201, slot('15:00', 'wanjiku'), 800);
const PEDICURE = appointment(
  202,
  slot('10:00', 'achieng', 'pedicure', '2026-11-21', 60),
  1500,
  'Pedicure',
);

describe('cancel', () => {
  it('lists upcoming bookings, picks one, confirms, cancels (inside the cutoff)', () => {
    const c = new Convo();
    c.say('I want to cancel my appointment', { intent: 'cancel' });
    expect(c.state).toBe('active.conversation.cancel.listing');
    expect(c.calls()).toEqual([{ kind: 'booking.list', payload: { upcomingOnly: true } }]);

    c.result('booking.list', {
      appointments: [HAIRCUT, PEDICURE, { ...HAIRCUT, id: 150, status: 'cancelled' }],
    });
    expect(c.state).toBe('active.conversation.cancel.choosing');
    expect(c.text).toBe(
      'Which booking would you like to cancel?\n1. Haircut (Wanjiku), Fri 20 Nov at 3:00 pm\n2. Pedicure (Achieng), Sat 21 Nov at 10:00 am',
    );
    expect(c.ids).toEqual(['appt:201', 'appt:202']);

    c.tap('appt:202', 'Sat 21 10:00');
    expect(c.state).toBe('active.conversation.cancel.confirming');
    expect(c.text).toBe('Cancel your Pedicure with Achieng, Sat 21 Nov at 10:00 am?');
    expect(c.ids).toEqual(['confirm:yes', 'confirm:no']);

    c.tap('confirm:yes', 'Yes, cancel');
    expect(c.calls()).toEqual([{ kind: 'booking.cancel', payload: { appointmentId: 202 } }]);
    c.result('booking.cancel', { ok: true, appointment: { ...PEDICURE, status: 'cancelled' } });
    expect(c.text).toBe(
      'Done — your Pedicure on Sat 21 Nov at 10:00 am is cancelled. We hope to see you another time.',
    );
    expect(c.state).toBe('active.conversation.idle');
  });

  it('past the cutoff: explained politely, with a human offered', () => {
    const c = new Convo();
    c.say('cancel', { intent: 'cancel' });
    c.result('booking.list', { appointments: [HAIRCUT] });
    // Only one booking: straight to the confirmation.
    expect(c.state).toBe('active.conversation.cancel.confirming');
    c.say('yes', { intent: 'yes' });
    c.result('booking.cancel', { ok: false, reason: 'past_cutoff' });
    expect(c.state).toBe('active.conversation.offerHuman');
    expect(c.text).toBe(
      "Sorry, it's too close to the appointment to cancel it here — that's possible up to 2 hours before. Would you like me to ask someone from the team?",
    );
    expect(c.ids).toEqual(['human:yes', 'human:no']);
    c.tap('human:yes');
    expect(c.state).toBe('active.waitingHuman');
  });

  it('no upcoming bookings, and "keep it"', () => {
    const c = new Convo();
    c.say('cancel', { intent: 'cancel' });
    c.result('booking.list', { appointments: [] });
    expect(c.text).toBe("You don't have any upcoming bookings. Would you like to book one?");
    expect(c.ids).toEqual(['menu:book']);
    expect(c.state).toBe('active.conversation.idle');

    c.say('cancel', { intent: 'cancel' });
    c.result('booking.list', { appointments: [HAIRCUT] });
    c.tap('confirm:no', 'Keep it');
    expect(c.text).toBe('OK, your booking stays as it is.');
    expect(c.calls()).toEqual([]);
  });

  it('picks by what the customer says ("the pedicure")', () => {
    const c = new Convo();
    c.say('cancel', { intent: 'cancel' });
    c.result('booking.list', { appointments: [HAIRCUT, PEDICURE] });
    c.say('the pedicure', { intent: 'cancel', serviceIds: ['pedicure'] });
    expect(c.context.target?.id).toBe(202);
  });

  // Regression: the parser reads "the manicure" as a booking request, which left the cancel for a
  // new booking (scenarios/en/cancel-cutoff-policy-override.yaml).
  it('a booking named like a booking request ("the pedicure", intent book) is picked', () => {
    const c = new Convo();
    c.say('cancel', { intent: 'cancel' });
    c.result('booking.list', { appointments: [HAIRCUT, PEDICURE] });
    c.say('the pedicure', { intent: 'book', serviceIds: ['pedicure'] });
    expect(c.state).toBe('active.conversation.cancel.confirming');
    expect(c.context.target?.id).toBe(202);
    c.say('the haircut', { intent: 'book', serviceIds: ['haircut'] });
    expect(c.context.target?.id).toBe(201);
    c.say('yes', { intent: 'yes' });
    expect(c.state).toBe('active.conversation.cancel.cancelling');
  });
});

describe('reschedule', () => {
  it('keeps service and staff, asks for the new time, offers slots and moves it', () => {
    const c = new Convo();
    c.say('I need to change my booking', { intent: 'reschedule' });
    c.result('booking.list', { appointments: [HAIRCUT] });
    expect(c.state).toBe('active.conversation.reschedule.when');
    expect(c.text).toMatch(
      /^When would you like to move your Haircut with Wanjiku \(now Fri 20 Nov at 3:00 pm\) to\?/,
    );

    c.say('Saturday morning', { intent: 'reschedule', date: '2026-11-21', partOfDay: 'morning' });
    expect(c.calls()).toEqual([
      {
        kind: 'availability.search',
        payload: {
          serviceId: 'haircut',
          staffId: 'wanjiku',
          date: '2026-11-21',
          partOfDay: 'morning',
          limit: 3,
          excludeAppointmentId: 201,
        },
      },
    ]);
    const sat = slot('09:30', 'wanjiku', 'haircut', '2026-11-21');
    c.result('availability.search', {
      slots: [sat, slot('10:30', 'wanjiku', 'haircut', '2026-11-21')],
    });
    expect(c.state).toBe('active.conversation.reschedule.offering');
    c.tap('slot:2026-11-21T09:30+03:00:wanjiku');
    expect(c.text).toBe(
      'Move your Haircut with Wanjiku from Fri 20 Nov at 3:00 pm to Sat 21 Nov at 9:30 am?',
    );
    c.tap('confirm:yes');
    expect(c.calls()).toEqual([
      {
        kind: 'booking.reschedule',
        payload: { appointmentId: 201, start: sat.start, staffId: 'wanjiku' },
      },
    ]);
    c.result('booking.reschedule', {
      ok: true,
      appointment: { ...HAIRCUT, start: sat.start, end: sat.end },
    });
    expect(c.text).toBe('Done — your Haircut with Wanjiku is now Sat 21 Nov at 9:30 am.');
    expect(c.state).toBe('active.conversation.idle');
  });

  it('uses the new time said with the request', () => {
    const c = new Convo();
    c.say('move my haircut to Saturday at 11', {
      intent: 'reschedule',
      date: '2026-11-21',
      time: '11:00',
    });
    c.result('booking.list', { appointments: [HAIRCUT] });
    expect(c.state).toBe('active.conversation.reschedule.searching');
    expect(c.calls()[0]?.payload).toMatchObject({ date: '2026-11-21', time: '11:00' });
  });

  it('slot taken while moving offers the alternatives; past cutoff offers a human', () => {
    const c = new Convo();
    c.say('reschedule', { intent: 'reschedule' });
    c.result('booking.list', { appointments: [HAIRCUT] });
    c.say('Saturday 11am', { intent: 'book', date: '2026-11-21', time: '11:00' });
    c.result('availability.search', { slots: [slot('11:00', 'wanjiku', 'haircut', '2026-11-21')] });
    c.say('1', { intent: 'unknown', choice: 1 });
    c.say('yes', { intent: 'yes' });
    c.result('booking.reschedule', {
      ok: false,
      reason: 'slot_taken',
      alternatives: [slot('12:00', 'wanjiku', 'haircut', '2026-11-21')],
    });
    expect(c.state).toBe('active.conversation.reschedule.offering');
    expect(c.text).toMatch(/^Sorry, 11:00 am was just taken\./);
    c.say('1', { intent: 'unknown', choice: 1 });
    c.say('yes', { intent: 'yes' });
    c.result('booking.reschedule', { ok: false, reason: 'past_cutoff', alternatives: [] });
    expect(c.state).toBe('active.conversation.offerHuman');
    expect(c.text).toMatch(/too close to the appointment to change it here/);
  });
});

describe('my bookings and reminders', () => {
  it('lists upcoming bookings with follow-up buttons', () => {
    const c = new Convo();
    c.say('what are my bookings', { intent: 'my_bookings' });
    expect(c.calls()).toEqual([{ kind: 'booking.list', payload: { upcomingOnly: true } }]);
    c.result('booking.list', { appointments: [HAIRCUT, PEDICURE] });
    expect(c.text).toBe(
      'Your upcoming bookings:\n1. Haircut (Wanjiku), Fri 20 Nov at 3:00 pm\n2. Pedicure (Achieng), Sat 21 Nov at 10:00 am',
    );
    expect(c.ids).toEqual(['menu:reschedule', 'menu:cancel', 'menu:book']);
    expect(c.state).toBe('active.conversation.idle');
  });

  it('says what each booking paid, is due or is being refunded, in English and Swahili', () => {
    const pay = (state: string, extra: Record<string, unknown> = {}) => ({
      provider: 'mpesa',
      currency: 'KES',
      dueMinor: 40_000,
      paidMinor: state === 'due' ? 0 : 40_000,
      state,
      ...extra,
    });
    const list = [
      { ...HAIRCUT, payment: pay('paid', { receipt: 'TJK4ABC123' }) },
      { ...PEDICURE, id: 301, payment: pay('refund_pending', { refundMinor: 40_000 }) },
      { ...PEDICURE, id: 302, payment: pay('waived') },
    ];
    const c = new Convo();
    c.say('what are my bookings', { intent: 'my_bookings' });
    c.result('booking.list', { appointments: list });
    expect(c.text.split('\n').slice(1)).toEqual([
      '1. Haircut (Wanjiku), Fri 20 Nov at 3:00 pm — deposit KES 400 paid by M-Pesa',
      '2. Pedicure (Achieng), Sat 21 Nov at 10:00 am — refund of KES 400 on its way',
      '3. Pedicure (Achieng), Sat 21 Nov at 10:00 am — pay at the salon',
    ]);
    const sw = new Convo();
    sw.say('miadi yangu', { intent: 'my_bookings', language: 'sw' });
    sw.result('booking.list', { appointments: list });
    expect(sw.text).toMatch(/— amana KES 400 imelipwa kwa M-Pesa\n/);
    expect(sw.text).toMatch(/— marejesho ya KES 400 yanashughulikiwa\n/);
    expect(sw.text).toMatch(/— utalipa saluni$/);
  });

  it('reminder.due shows "1 confirm / 2 reschedule"; 1 thanks, 2 starts a reschedule', () => {
    const c = new Convo();
    c.send({
      type: 'reminder.due',
      appointmentId: 201,
      summary: 'Haircut with Wanjiku, Fri 20 Nov at 3:00 pm',
    });
    expect(c.state).toBe('active.conversation.reminder');
    expect(c.text).toBe(
      'Reminder: Haircut with Wanjiku, Fri 20 Nov at 3:00 pm. Reply 1 to confirm or 2 to reschedule.',
    );
    expect(c.ids).toEqual(['reminder:confirm:201', 'reminder:reschedule:201']);
    c.say('1', { intent: 'unknown', choice: 1 });
    expect(c.text).toBe('Thank you — see you then!');
    expect(c.state).toBe('active.conversation.idle');

    c.send({ type: 'reminder.due', appointmentId: 201, summary: 'Haircut' });
    c.say('2', { intent: 'unknown', choice: 2 });
    expect(c.state).toBe('active.conversation.reschedule.listing');
    c.result('booking.list', { appointments: [PEDICURE, HAIRCUT] });
    // The reminder named the appointment: no need to choose.
    expect(c.state).toBe('active.conversation.reschedule.when');
    expect(c.context.target?.id).toBe(201);
  });

  it('a reminder button tapped later, mid-booking, still works', () => {
    const c = new Convo();
    c.send({ type: 'reminder.due', appointmentId: 201, summary: 'Haircut' });
    c.say('manicure', { intent: 'book', serviceIds: ['manicure'] });
    expect(c.state).toBe('active.conversation.booking.when');
    c.tap('reminder:reschedule:201', '2 Reschedule');
    expect(c.state).toBe('active.conversation.reschedule.listing');
    expect(c.context.targetId).toBe(201);
  });

  it('a reminder in the middle of a booking does not derail it', () => {
    const c = new Convo();
    c.say('manicure Friday afternoon', onFriday('manicure', { partOfDay: 'afternoon' }));
    c.result('availability.search', { slots: [slot('15:00', 'achieng', 'manicure')] });
    c.send({ type: 'reminder.due', appointmentId: 201, summary: 'Haircut' });
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.ids).toEqual(['reminder:confirm:201', 'reminder:reschedule:201']);
    c.say('1', { intent: 'unknown', choice: 1 });
    expect(c.state).toBe('active.conversation.booking.confirming');
  });
});

describe('an operator cancels from the calendar (issue 16)', () => {
  it('cancels through the thread and tells the customer, wherever they are', () => {
    const c = new Convo();
    c.say('pedicure Friday', onFriday('pedicure'));
    const before = c.state;
    c.send({ type: 'operator.cancel', appointmentId: 202 });
    expect(c.calls()).toEqual([{ kind: 'booking.cancel', payload: { appointmentId: 202 } }]);
    expect(c.state).toBe(before);
    c.result('booking.cancel', { ok: true, appointment: { ...PEDICURE, status: 'cancelled' } });
    expect(c.text).toBe(
      'Done — your Pedicure on Sat 21 Nov at 10:00 am is cancelled. We hope to see you another time.',
    );
  });

  it('ignores an appointment id that is not one', () => {
    const c = new Convo();
    c.send({ type: 'operator.cancel', appointmentId: -1 });
    expect(c.effects).toEqual([]);
  });
});

describe('the calendar booked, moved or cancelled for the customer (issue 16)', () => {
  it('tells the customer of a booking made for them, without leaving their own flow', () => {
    const c = new Convo();
    c.say('pedicure Friday', onFriday('pedicure'));
    const before = c.state;
    c.send({ type: 'operator.changed', change: 'booked', appointment: PEDICURE });
    expect(c.state).toBe(before);
    expect(c.calls()).toEqual([]);
    expect(c.text).toMatch(/Pedicure.*Sat 21 Nov at 10:00 am/);
  });

  it('tells of a move, and of a cancel; a paid cancel inside the policy starts the refund', () => {
    const c = new Convo();
    c.send({ type: 'operator.changed', change: 'moved', appointment: PEDICURE });
    expect(c.text).toMatch(/^Done — your Pedicure.* is now Sat 21 Nov at 10:00 am/);
    c.send({ type: 'operator.changed', change: 'cancelled', appointment: PEDICURE });
    expect(c.text).toMatch(/^Done — your Pedicure on Sat 21 Nov at 10:00 am is cancelled/);
    expect(c.calls()).toEqual([]);
    c.send({
      type: 'operator.changed',
      change: 'cancelled',
      appointment: PEDICURE,
      refundDueMinor: 150_000,
    });
    expect(c.calls()).toEqual([{ kind: 'payment.refund', payload: { appointmentId: 202 } }]);
  });

  it('says it in Swahili to a Swahili-speaking customer', () => {
    const c = new Convo();
    c.say('nataka pedicure Ijumaa', onFriday('pedicure', { language: 'sw' }));
    c.send({ type: 'operator.changed', change: 'cancelled', appointment: PEDICURE });
    expect(c.text).toMatch(/^Imekamilika — miadi yako ya .*, imeghairiwa\./);
  });

  it('ignores a change without a readable appointment', () => {
    const c = new Convo();
    c.send({
      type: 'operator.changed',
      change: 'booked',
      appointment: { id: 'x' } as unknown as typeof PEDICURE,
    });
    expect(c.effects).toEqual([]);
  });
});
