import { describe, expect, it } from 'vitest';
import { appointment, Convo, FRIDAY, input, settingsWith, slot, type Unstamped } from './test-kit';

function offering(c = new Convo()) {
  c.say('pedicure on Friday', { intent: 'book', serviceIds: ['pedicure'], date: FRIDAY });
  c.result('availability.search', {
    slots: [
      slot('10:00', 'achieng', 'pedicure', FRIDAY, 60),
      slot('14:00', 'achieng', 'pedicure', FRIDAY, 60),
    ],
  });
  return c;
}

describe('clarification', () => {
  it('asks again twice, then offers a human', () => {
    const c = offering();
    c.say('hmm', { intent: 'unknown', confidence: 0.2 });
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.text).toMatch(/^Sorry, I didn't get that\. Here are the free times/);
    c.say('blah', { intent: 'unknown', confidence: 0.1 });
    expect(c.text).toMatch(/^Sorry, I didn't get that\./);
    c.say('???');
    expect(c.state).toBe('active.conversation.offerHuman');
    expect(c.text).toBe(
      "Sorry, I'm having trouble understanding. Would you like me to ask someone from the team?",
    );
  });

  it('an understood message resets the count', () => {
    const c = offering();
    c.say('hmm', { intent: 'unknown', confidence: 0.2 });
    c.say('hmm', { intent: 'unknown', confidence: 0.2 });
    c.say('the afternoon one', { intent: 'book', choice: 2 });
    expect(c.state).toBe('active.conversation.booking.confirming');
    c.say('eh', { intent: 'unknown', confidence: 0.2 });
    expect(c.state).toBe('active.conversation.booking.confirming');
  });

  it('in idle, unclear messages get the menu, then a human offer', () => {
    const c = new Convo();
    c.say('asdf', { intent: 'unknown', confidence: 0.3 });
    expect(c.text).toMatch(/^Sorry, I didn't get that\. What would you like to do\?/);
    expect(c.ids).toContain('menu:book');
    c.say('qwer', { intent: 'unknown', confidence: 0.3 });
    c.say('zxcv', { intent: 'unknown', confidence: 0.3 });
    expect(c.state).toBe('active.conversation.offerHuman');
  });
});

describe('resume after a pause', () => {
  it('asks "shall we continue with the pedicure on Friday?" after 2 hours; yes continues', () => {
    const c = offering();
    c.send(
      { type: 'message', channel: 'whatsapp', text: 'hi', understanding: undefined },
      2 * 3_600_000,
    );
    expect(c.state).toBe('active.conversation.resumeBooking');
    expect(c.text).toBe('Welcome back! Shall we continue with the pedicure on Friday?');
    expect(c.ids).toEqual(['resume:yes', 'resume:no']);
    c.say('yes', { intent: 'yes' });
    // The offered times may be gone after two hours: search again.
    expect(c.state).toBe('active.conversation.booking.searching');
    expect(c.calls()[0]).toMatchObject({
      kind: 'availability.search',
      payload: { serviceId: 'pedicure', date: FRIDAY },
    });
  });

  it('no starts over', () => {
    const c = offering();
    c.say('hello', { intent: 'greeting' }, { at: c.at + 2 * 3_600_000 });
    c.tap('resume:no', 'Start over');
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^No problem — let's start again\. What would you like to do\?/);
    expect(c.context.draft.serviceId).toBeNull();
  });

  it('within 30 minutes a greeting simply starts over', () => {
    const c = offering();
    c.say('hi', { intent: 'greeting' });
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^Hello!/);
  });
});

describe('questions in the middle of a flow', () => {
  it('a question that carries booking details answers the step ("Friday at 3pm?")', () => {
    const c = new Convo();
    c.say('manicure please', { intent: 'book', serviceIds: ['manicure'] });
    // The embedded parser calls any question an inquiry (0.6).
    c.say('Friday at 3pm?', { intent: 'inquiry', confidence: 0.6, date: FRIDAY, time: '15:00' });
    expect(c.state).toBe('active.conversation.booking.searching');
    c.result('availability.search', { slots: [slot('15:00', 'achieng', 'manicure', FRIDAY, 45)] });
    c.say('is 3pm ok?', { intent: 'inquiry', confidence: 0.6, time: '15:00' });
    expect(c.state).toBe('active.conversation.booking.confirming');
  });

  it('a real aside (where are you?) is answered and the booking offered again', () => {
    const c = offering();
    c.say('where are you located?', { intent: 'location' });
    expect(c.state).toBe('active.conversation.inquiry');
    c.result('inquiry.answer', { answered: true, text: 'Ngong Road, Nairobi.' });
    expect(c.state).toBe('active.conversation.resumeBooking');
  });
});

describe('stale and wrong-state input', () => {
  it('a slot button from an old message gets "from an earlier message" and the current options', () => {
    const c = offering();
    c.tap('slot:2026-11-13T10:00+03:00:achieng', 'Fri 13 10:00');
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.text).toMatch(/^That button is from an earlier message\. Here are the free times/);
  });

  it('a confirm button in idle gets a sensible reply and the menu', () => {
    const c = new Convo();
    c.tap('confirm:yes', 'Yes, book it');
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^That button is from an earlier message\. What would you like to do\?/);
    c.tap('garbage:::', '??');
    expect(c.text).toMatch(/^That button is from an earlier message\./);
  });

  it('an old service button starts a booking for that service', () => {
    const c = new Convo();
    c.tap('svc:manicure', 'Manicure');
    expect(c.state).toBe('active.conversation.booking.when');
    expect(c.context.draft.serviceId).toBe('manicure');
  });

  it('a call.result that is no longer awaited changes nothing and says nothing', () => {
    const c = offering();
    const before = c.snapshot;
    c.result('inquiry.answer', { answered: true, text: 'late answer' });
    c.result('availability.search', { slots: [slot('16:00', 'achieng', 'pedicure')] });
    expect(c.effects).toEqual([]);
    expect(c.snapshot.value).toEqual(before.value);
    expect(c.context.offers).toHaveLength(2);
  });

  it('a booking created after the customer moved on is still reported', () => {
    const c = offering();
    c.say('2', { intent: 'unknown', choice: 2 });
    c.say('yes', { intent: 'yes' });
    c.say('menu');
    const booked = appointment(
      9,
      slot('14:00', 'achieng', 'pedicure', FRIDAY, 60),
      1500,
      'Pedicure',
    );
    c.result('booking.create', { ok: true, appointment: booked });
    expect(c.text).toMatch(/^You're booked! Pedicure with Achieng, Fri 20 Nov at 2:00 pm/);
  });

  it('malformed results are treated as failures, not trusted', () => {
    const c = new Convo();
    c.say('pedicure friday', { intent: 'book', serviceIds: ['pedicure'], date: FRIDAY });
    c.result('availability.search', { slots: 'not an array' });
    expect(c.state).toBe('active.conversation.booking.when');
    c.say('friday', { intent: 'book', date: FRIDAY });
    c.result('availability.search', null);
    expect(c.state).toBe('active.conversation.booking.when');
  });
});

describe('effect.failed', () => {
  it.each([
    ['availability.search', 'booking.when', /^Sorry, I couldn't check the calendar just now\./],
    [
      'booking.create',
      'booking.confirming',
      /^Sorry, something went wrong on our side\. Pedicure with Achieng/,
    ],
  ])('%s: apologises and lands on a step that accepts a message', (kind, state, text) => {
    const c = offering();
    if (kind === 'availability.search') {
      c.say('another day', { intent: 'book', date: '2026-11-21' });
    } else {
      c.say('1', { intent: 'unknown', choice: 1 });
      c.say('yes', { intent: 'yes' });
    }
    c.fail(kind);
    expect(c.state).toBe(`active.conversation.${state}`);
    expect(c.text).toMatch(text);
  });

  it('booking.list, booking.cancel, inquiry.answer', () => {
    const c = new Convo();
    c.say('cancel', { intent: 'cancel' });
    c.fail('booking.list');
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(
      /^Sorry, something went wrong on our side\. What would you like to do\?/,
    );

    c.say('cancel', { intent: 'cancel' });
    c.result('booking.list', { appointments: [appointment(3, slot('10:00', 'wanjiku'), 800)] });
    c.say('yes', { intent: 'yes' });
    c.fail('booking.cancel');
    expect(c.state).toBe('active.conversation.idle');

    c.say('where are you?', { intent: 'location' });
    c.fail('inquiry.answer');
    expect(c.state).toBe('active.conversation.offerHuman');
  });

  it('a failure for a call nobody waits for is ignored', () => {
    const c = offering();
    c.fail('booking.cancel');
    expect(c.effects).toEqual([]);
    expect(c.state).toBe('active.conversation.booking.offering');
  });
});

describe('bad input', () => {
  it.each([
    ['empty text', ''],
    ['10,000 characters', 'a'.repeat(10_000)],
  ])('%s: a sensible reply, no throw', (_, text) => {
    const c = new Convo();
    c.send({ type: 'message', channel: 'whatsapp', text });
    expect(c.text).toMatch(/^Sorry, I didn't get that\./);
    const d = offering();
    d.send({ type: 'message', channel: 'whatsapp', text });
    expect(d.state).toBe('active.conversation.booking.offering');
    expect(d.text).toMatch(/^Sorry, I didn't get that\./);
  });

  // Regression (issue 18): emoji-only messages were answered as if they said "thank you".
  it('emoji only: a reaction gets the menu without "sorry"; in a step, the step again', () => {
    const c = new Convo();
    c.send({ type: 'message', channel: 'whatsapp', text: '😍🔥' });
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^What would you like to do\?/);
    expect(c.text).not.toMatch(/welcome/i);
    expect(c.context.misses).toBe(0);
    const d = offering();
    d.send({ type: 'message', channel: 'whatsapp', text: '😂' });
    expect(d.state).toBe('active.conversation.booking.offering');
    expect(d.text).toMatch(/^Sorry, I didn't get that\. Here are the free times/);
  });

  it('a photo or sticker gets "text only", and is relayed as media while handed off', () => {
    const c = offering();
    // `media` is optional in the contract (and may not be there yet): cast.
    const photo = (text: string) =>
      ({ type: 'message', channel: 'whatsapp', text, media: 'image' }) as Unstamped;
    c.send(photo(''));
    expect(c.text).toMatch(/^I can only read text messages for now\. Here are the free times/);
    c.send({ type: 'handoff.start', by: 'operator' });
    c.send(photo('my nails'));
    expect(c.effects[0]).toMatchObject({
      type: 'thread.send',
      event: { text: '[image] my nails' },
    });
  });

  it('a long message is relayed cut to 1,000 characters', () => {
    const c = new Convo();
    c.send({ type: 'handoff.start', by: 'operator' });
    c.send({ type: 'message', channel: 'whatsapp', text: 'x'.repeat(10_000) });
    const relay = c.effects[0];
    expect(relay?.type === 'thread.send' && String(relay.event.text).length).toBe(1000);
  });

  it('"anza upya" starts over from anywhere', () => {
    const c = offering();
    c.say('anza upya');
    expect(c.state).toBe('active.conversation.idle');
    expect(c.context.offers).toEqual([]);
    expect(c.replies()).toHaveLength(1);
  });
});

describe('language', () => {
  it('replies in the language of each message, switching mid-conversation', () => {
    const c = new Convo();
    c.say('I want a manicure', { intent: 'book', serviceIds: ['manicure'] });
    expect(c.text).toMatch(/^When would you like to come in for your Manicure\?/);
    c.say('Ijumaa saa nne asubuhi', {
      intent: 'book',
      date: FRIDAY,
      time: '10:00',
      language: 'sw',
    });
    c.result('availability.search', {
      slots: [slot('10:00', 'achieng', 'manicure', FRIDAY, 45), slot('11:00', 'achieng')],
    });
    // Saa nne is free: the confirmation, in Swahili.
    expect(c.text).toMatch(
      /^Kutengeneza kucha za mikono na Achieng, .*saa nne asubuhi — KES 1,200/,
    );
    // A tap carries no language: the thread keeps Swahili.
    c.tap('confirm:no');
    expect(c.text).toMatch(/^Hizi ndizo nafasi zilizo wazi za Kutengeneza kucha za mikono/);
    c.tap('slot:2026-11-20T10:00+03:00:achieng');
    expect(c.text).toMatch(/saa nne asubuhi — KES 1,200/);
    c.say('yes please', { intent: 'yes', language: 'en' });
    c.result('booking.create', {
      ok: true,
      appointment: appointment(
        5,
        slot('10:00', 'achieng', 'manicure', FRIDAY, 45),
        1200,
        'Manicure',
      ),
    });
    expect(c.text).toMatch(/^You're booked! Manicure with Achieng, Fri 20 Nov at 10:00 am/);
  });

  it('language_preference forces one language', () => {
    const c = new Convo(input(settingsWith({ personality: { language_preference: 'sw' } })));
    c.say('Hello', { intent: 'greeting', language: 'en' });
    expect(c.text).toMatch(/^Habari!/);
    const d = new Convo(input(settingsWith({ personality: { language_preference: 'en' } })));
    d.say('Habari', { intent: 'greeting', language: 'sw' });
    expect(d.text).toMatch(/^Hello!/);
  });
});
