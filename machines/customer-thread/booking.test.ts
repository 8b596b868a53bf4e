import { describe, expect, it } from 'vitest';
import type { Understanding } from '../../contract';
import { appointment, Convo, FRIDAY, slot, toOffers } from './test-kit';

const HAIRCUT_3PM = slot('15:00', 'wanjiku');
/** The search asked for "haircut with Wanjiku on Friday at 3pm", in either language. */
const SEARCH_WANJIKU_3PM = {
  kind: 'availability.search',
  payload: { serviceId: 'haircut', staffId: 'wanjiku', date: FRIDAY, time: '15:00', limit: 3 },
};
/** What "<service> with <staff> on Friday ..." is understood as. */
const friday = (serviceId: string, staffId: string, extra: Partial<Understanding> = {}) => ({
  intent: 'book' as const,
  serviceIds: [serviceId],
  staffId,
  date: FRIDAY,
  ...extra,
});

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
    expect(c.calls()).toEqual([SEARCH_WANJIKU_3PM]);
    expect(c.replies()).toEqual([]);

    c.result('availability.search', {
      slots: [HAIRCUT_3PM, slot('15:30', 'wanjiku'), slot('16:00', 'wanjiku')],
    });
    // The time asked for is free: straight to the confirmation (issue 18: fewer turns).
    expect(c.state).toBe('active.conversation.booking.confirming');
    expect(c.text).toBe('Haircut with Wanjiku, Fri 20 Nov at 3:00 pm — KES 800. Shall I book it?');
    // "Change time" shows the other free times around it.
    c.tap('confirm:no', 'Change time');
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
    // No cross-sell: Wanjiku's only other service (braids) costs more than the haircut.
    expect(c.calls()).toEqual([]);
    expect(c.state).toBe('active.conversation.idle');
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
    expect(c.calls()).toEqual([SEARCH_WANJIKU_3PM]);
    c.result('availability.search', { slots: [HAIRCUT_3PM, slot('15:30', 'wanjiku')] });
    // Saa tisa is free: the confirmation comes at once.
    expect(c.text).toBe(
      'Kunyoa nywele na Wanjiku, Ijumaa 20 Novemba saa tisa mchana — KES 800. Nikuwekee nafasi hii?',
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
      'Umewekewa nafasi! Kunyoa nywele na Wanjiku, Ijumaa 20 Novemba saa tisa mchana. Bei: KES 800. Namba ya kumbukumbu #102.',
    );
  });

  it('takes everything from one message and goes straight to the search', () => {
    const c = new Convo();
    c.say(
      'braids with Achieng on Friday afternoon',
      friday('braids', 'achieng', { partOfDay: 'afternoon' }),
    );
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
    // 3 pm is free with someone: confirmed with the first; "Change time" lists who else is free.
    expect(c.text).toMatch(/^Haircut with Wanjiku, Fri 20 Nov at 3:00 pm/);
    c.tap('confirm:no', 'Change time');
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
    // Issue 18: the swap is said, with who does it, not made silently.
    expect(c.text).toMatch(/^Baraka doesn't do Pedicure — Achieng does\. When would you like/);
    c.say('with Baraka please', { intent: 'book', staffId: 'baraka' });
    expect(c.text).toMatch(/^Baraka doesn't do Pedicure — Achieng does\./);
  });

  it('a whole day is offered as a list of up to 10', () => {
    const c = new Convo();
    c.say('massage with Baraka on Friday', friday('massage', 'baraka'));
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
    c.say(
      'haircut with Wanjiku Friday morning',
      friday('haircut', 'wanjiku', { partOfDay: 'morning' }),
    );
    c.result('availability.search', { slots: [] });
    expect(c.state).toBe('active.conversation.booking.when');
    expect(c.text).toMatch(
      /^Sorry, nothing is free on Fri 20 Nov in the morning\. When would you like/,
    );
  });

  // Regression: with the day asked for full, the next day's times were offered as if that day
  // had been asked for (scenarios/en/fully-booked-day.yaml).
  it('says the day asked for is full when every offer is on another day', () => {
    const c = new Convo();
    c.say('haircut with Wanjiku Friday', friday('haircut', 'wanjiku'));
    c.result('availability.search', {
      slots: [slot('09:00', 'wanjiku', 'haircut', '2026-11-21')],
    });
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.text).toMatch(
      /^Sorry, nothing is free on Fri 20 Nov\. Here are the free times for Haircut with Wanjiku on Sat 21 Nov:/,
    );
  });

  // Regression: "ok book it" at "Shall I book it?" was read as a new, empty booking request.
  it('"ok book it" at the confirmation books', () => {
    const c = toOffers();
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.say('ok book it', { intent: 'book' });
    expect(c.state).toBe('active.conversation.booking.creating');
    expect(c.calls()[0]).toMatchObject({ kind: 'booking.create' });
  });

  // Regression: the runtime reads a tap's title like any text; "10:00 Baraka" from an old
  // Thursday slot was merged into Friday's draft and searched Friday at 10:00.
  it('an old slot tapped is an earlier button, whatever its title says', () => {
    const c = toOffers();
    c.say(
      '10:00 Wanjiku',
      { time: '10:00', staffId: 'wanjiku' },
      {
        replyId: 'slot:2026-11-19T10:00+03:00:wanjiku',
      },
    );
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.calls()).toEqual([]);
    expect(c.text).toMatch(/^That button is from an earlier message\. Here are the free times/);
  });

  // Regression: two Swahili service names cut to the same 24-character row title.
  it('a service name too long for a row title is given in full in the description', () => {
    const c = new Convo();
    c.say('Nataka kupanga miadi', { intent: 'book', language: 'sw' });
    const m = c.replies()[0];
    const rows = m?.kind === 'list' ? m.sections.flatMap((x) => x.rows) : [];
    const pedicure = rows.find((r) => r.id === 'svc:pedicure');
    expect(pedicure?.title).toBe('Kutengeneza kucha za mi…');
    expect(pedicure?.description).toMatch(/^Kutengeneza kucha za miguu · KES 1,500 · 60 min$/);
    expect(rows.find((r) => r.id === 'svc:haircut')?.description).toBe('KES 800 · 30 min');
  });

  it('"no" at the confirmation goes back to the offered times', () => {
    const c = toOffers();
    c.tap('slot:2026-11-20T15:00+03:00:wanjiku');
    c.tap('confirm:no', 'Change time');
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.ids).toHaveLength(3);
  });
});
