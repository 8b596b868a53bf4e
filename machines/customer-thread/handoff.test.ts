import { describe, expect, it } from 'vitest';
import { Convo, FRIDAY, slot } from './test-kit';

const THREAD = 'demo:+254712345678';

function midBooking() {
  const c = new Convo();
  c.say('pedicure Friday', { intent: 'book', serviceIds: ['pedicure'], date: FRIDAY });
  c.result('availability.search', {
    slots: [
      slot('10:00', 'achieng', 'pedicure', FRIDAY, 60),
      slot('14:00', 'achieng', 'pedicure', FRIDAY, 60),
    ],
  });
  expect(c.state).toBe('active.conversation.booking.offering');
  return c;
}

describe('inquiry', () => {
  it('answers through inquiry.answer', () => {
    const c = new Convo();
    c.say('Do you have parking?', { intent: 'inquiry', topic: 'parking' });
    expect(c.calls()).toEqual([
      {
        kind: 'inquiry.answer',
        payload: { intent: 'inquiry', topic: 'parking', serviceIds: [], language: 'en' },
      },
    ]);
    c.result('inquiry.answer', {
      answered: true,
      text: 'Yes, free parking in front of the salon.',
    });
    expect(c.text).toBe('Yes, free parking in front of the salon.');
    expect(c.state).toBe('active.conversation.idle');
  });

  // Regression: the day asked about was not passed on, so the answer led with today's hours.
  it('passes on the day a question is about', () => {
    const c = new Convo();
    c.say('What time do you open on Saturday?', { intent: 'hours', date: '2026-11-21' });
    expect(c.calls()[0]).toMatchObject({
      kind: 'inquiry.answer',
      payload: { intent: 'hours', date: '2026-11-21' },
    });
  });

  it('not answered: says so and offers a human', () => {
    const c = new Convo();
    c.say('Do you do wedding packages?', { intent: 'inquiry', topic: 'wedding packages' });
    c.result('inquiry.answer', { answered: false, text: '' });
    expect(c.state).toBe('active.conversation.offerHuman');
    expect(c.text).toBe(
      "I'm not sure about that one. Would you like me to ask someone from the team?",
    );
    c.tap('human:no', 'No, thanks');
    expect(c.text).toMatch(/^OK! What else can I help you with\?/);
    expect(c.state).toBe('active.conversation.idle');
  });

  it('a question in the middle of a booking is answered, then the booking resumes', () => {
    const c = midBooking();
    c.say('how much is it?', { intent: 'prices', serviceIds: ['pedicure'] });
    expect(c.calls()[0]).toMatchObject({
      kind: 'inquiry.answer',
      payload: { intent: 'prices', serviceIds: ['pedicure'] },
    });
    c.result('inquiry.answer', { answered: true, text: 'A pedicure is KES 1,500.' });
    expect(c.text).toBe('A pedicure is KES 1,500.\nShall we continue with the pedicure on Friday?');
    c.tap('resume:yes');
    expect(c.state).toBe('active.conversation.booking.searching');
  });
});

describe('human handoff', () => {
  it('the customer asks for a human: admins are told, and messages are relayed', () => {
    const c = new Convo();
    c.say('I want to talk to a person', { intent: 'human' });
    expect(c.state).toBe('active.waitingHuman');
    expect(c.effects[0]).toEqual({
      type: 'thread.send',
      to: { role: 'admins' },
      event: {
        type: 'relay',
        text: 'I want to talk to a person',
        fromThread: THREAD,
        reason: 'human_requested',
      },
    });
    expect(c.text).toMatch(/^I've let the team know/);
    c.say('hello?', { intent: 'greeting' });
    expect(c.effects[0]).toMatchObject({
      type: 'thread.send',
      event: { type: 'relay', text: 'hello?' },
    });
    expect(c.text).toBe("Thanks — I've passed that on to the team.");
    c.send({ type: 'reminder.due', appointmentId: 201, summary: 'Haircut' });
    expect(c.ids).toEqual(['reminder:confirm:201', 'reminder:reschedule:201']);
    c.tap('reminder:confirm:201', '1 Confirm');
    expect(c.text).toBe('Thank you — see you then!');
    c.say('menu');
    expect(c.state).toBe('active.conversation.idle');
  });

  // Regression: a vague "I want one for my sister" while waiting for a person started a booking
  // and was never relayed (scenarios/en/inquiry-unanswered-offer-human.yaml).
  it('waiting for a person, a wish to book with no details is relayed; a real request leaves', () => {
    const c = new Convo();
    c.say('I want to talk to a person', { intent: 'human' });
    c.say("I want one for my sister's birthday", { intent: 'book' });
    expect(c.state).toBe('active.waitingHuman');
    expect(c.effects[0]).toMatchObject({ type: 'thread.send', event: { type: 'relay' } });
    c.say('book a haircut tomorrow', { intent: 'book', serviceIds: ['haircut'], date: FRIDAY });
    expect(c.state).toMatch(/^active\.conversation\.booking/);
  });

  it('is silent while handed off, relays, speaks the operator, and resumes the same step', () => {
    const c = midBooking();
    c.send({ type: 'handoff.start', by: 'operator', name: 'Amina' });
    expect(c.state).toBe('active.handedOff');
    expect(c.effects).toEqual([]);

    c.say('Hi, are you there?', { intent: 'greeting' });
    expect(c.effects).toEqual([
      {
        type: 'thread.send',
        to: { role: 'admins' },
        event: { type: 'relay', text: 'Hi, are you there?', fromThread: THREAD },
      },
    ]);
    c.tap('slot:2026-11-20T10:00+03:00:achieng', '10:00 Achieng');
    expect(c.replies()).toEqual([]);

    c.send({ type: 'operator.message', text: 'Hi! Amina here. Achieng is free at 10.' });
    expect(c.effects).toEqual([
      { type: 'reply', message: { kind: 'text', text: 'Hi! Amina here. Achieng is free at 10.' } },
    ]);

    c.send({ type: 'handoff.end' });
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.ids).toEqual([
      'slot:2026-11-20T10:00+03:00:achieng',
      'slot:2026-11-20T14:00+03:00:achieng',
    ]);
    c.tap('slot:2026-11-20T10:00+03:00:achieng');
    expect(c.state).toBe('active.conversation.booking.confirming');
  });

  it('a result that arrives during the handoff is replayed on hand-back, the call is not repeated', () => {
    const c = new Convo();
    c.say('pedicure Friday', { intent: 'book', serviceIds: ['pedicure'], date: FRIDAY });
    expect(c.state).toBe('active.conversation.booking.searching');
    c.send({ type: 'handoff.start', by: 'owner' });
    c.result('availability.search', { slots: [slot('10:00', 'achieng', 'pedicure', FRIDAY, 60)] });
    expect(c.effects).toEqual([]);
    c.send({ type: 'handoff.end' });
    expect(c.calls()).toEqual([]);
    expect(c.state).toBe('active.conversation.booking.offering');
    expect(c.ids).toEqual(['slot:2026-11-20T10:00+03:00:achieng']);
  });

  // Regression (issue 16): a hand-back while the customer waited for a person was `ignored`, so
  // the thread stayed "needs a person" for ever in the console.
  it('a hand-back while waiting for a person resolves it and returns to the same step', () => {
    const c = midBooking();
    c.say('can I speak to someone', { intent: 'human' });
    expect(c.state).toBe('active.waitingHuman');
    c.send({ type: 'handoff.end' });
    expect(c.state).toBe('active.conversation.booking.offering');
    // The customer is asked again where they were: the same times.
    expect(c.ids).toEqual([
      'slot:2026-11-20T10:00+03:00:achieng',
      'slot:2026-11-20T14:00+03:00:achieng',
    ]);
  });

  it('handoff from "waiting for a human" hands back to where the customer was', () => {
    const c = midBooking();
    c.say('can I speak to someone', { intent: 'human' });
    c.send({ type: 'handoff.start', by: 'owner' });
    c.send({ type: 'handoff.end' });
    expect(c.state).toBe('active.conversation.booking.offering');
  });
});

describe('opt-out', () => {
  it('STOP confirms once, then silence for everything until START', () => {
    const c = midBooking();
    c.say('STOP');
    expect(c.state).toBe('optedOut');
    expect(c.text).toBe(
      "You won't get any more messages from us. Send START to turn them back on.",
    );
    c.say('STOP');
    expect(c.effects).toEqual([]);
    c.say('Hi', { intent: 'greeting' });
    expect(c.effects).toEqual([]);
    c.send({ type: 'reminder.due', appointmentId: 1, summary: 'Haircut' });
    expect(c.effects).toEqual([]);
    c.send({ type: 'handoff.start', by: 'operator' });
    expect(c.state).toBe('optedOut');
    c.send({ type: 'operator.message', text: 'hello' });
    expect(c.effects).toEqual([]);
    c.say('START');
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^Welcome back! You'll get our messages again\./);
  });

  it('ACHA / OUT / unsubscribe and ANZA work, as keywords or as the parser intent', () => {
    for (const word of ['ACHA', 'out', 'Unsubscribe']) {
      const c = new Convo();
      c.say(word);
      expect(c.state).toBe('optedOut');
    }
    const c = new Convo();
    c.say('please stop messaging me', { intent: 'stop' });
    expect(c.state).toBe('optedOut');
    c.say('anza', { intent: 'start', language: 'sw' });
    expect(c.state).toBe('active.conversation.idle');
    expect(c.text).toMatch(/^Karibu tena! Utapokea ujumbe wetu tena\./);
  });

  it('STOP during a handoff is honoured and the admins are told', () => {
    const c = new Convo();
    c.send({ type: 'handoff.start', by: 'operator' });
    c.say('STOP');
    expect(c.state).toBe('optedOut');
    expect(c.effects.map((e) => e.type)).toEqual(['thread.send', 'reply']);
  });
});
