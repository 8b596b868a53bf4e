import { describe, expect, it } from 'vitest';
import { appointment, Convo, FRIDAY } from './test-kit';
import { bookOnCall, HAIRCUT_3PM } from './test-kit-pay';

const started = (c: Convo, callId = 'call-1') =>
  c.send({ type: 'call.started', channel: 'voice', callId });

describe('phone calls on the chat thread', () => {
  it('a call in the middle of a WhatsApp booking offers to go on with it, in the chat language', () => {
    const c = new Convo();
    c.say('Habari', { intent: 'greeting', language: 'sw' });
    c.say('Nataka kusuka Ijumaa', {
      intent: 'book',
      serviceIds: ['braids'],
      date: FRIDAY,
      language: 'sw',
    });
    expect(c.state).toBe('active.conversation.booking.staff');
    started(c);
    expect(c.state).toBe('active.conversation.resumeBooking');
    expect(c.text).toBe(
      'Habari! Tulikuwa katikati ya kuweka miadi yako. Tuendelee na miadi ya kusuka siku ya Ijumaa?',
    );
    expect(c.ids).toEqual(['resume:yes', 'resume:no']);
    expect(c.context.channel).toBe('voice');
    // "Ndiyo" on the call picks the booking up where the chat left it (staff is next).
    c.say('ndiyo', { intent: 'yes', language: 'sw' }, { channel: 'voice' });
    expect(c.state).toBe('active.conversation.booking.staff');
  });

  it('a call with nothing under way opens with the greeting and its menu', () => {
    const c = new Convo();
    started(c);
    expect(c.state).toBe('active.conversation.idle');
    expect(c.ids).toContain('menu:book');
  });

  it('what was booked on the call is confirmed again in the chat channel when it ends', () => {
    const c = new Convo();
    started(c);
    bookOnCall(c);
    expect(c.calls()[0]).toMatchObject({ kind: 'booking.create', payload: { channel: 'voice' } });
    c.result('booking.create', { ok: true, appointment: appointment(101, HAIRCUT_3PM, 800) });
    expect(c.text).toMatch(/^You're booked!/);
    c.send({ type: 'call.ended', callId: 'call-1', channel: 'whatsapp' });
    expect(c.text).toBe(
      "You're booked! Haircut with Wanjiku, Fri 20 Nov at 3:00 pm. Price: KES 800. Ref #101.",
    );
    expect(c.context.call).toBeNull();
    expect(c.context.channel).toBe('whatsapp');
  });

  it('a call that booked nothing ends without a message', () => {
    const c = new Convo();
    started(c);
    c.send({ type: 'call.ended', callId: 'call-1', channel: 'whatsapp' });
    expect(c.replies()).toEqual([]);
    expect(c.context.channel).toBe('whatsapp');
  });

  it('a call ending that was never seen starting (a thread from before calls) says nothing', () => {
    const c = new Convo();
    c.say('Hi', { intent: 'greeting' });
    expect(c.context.call).toBeUndefined();
    c.send({ type: 'call.ended', callId: 'x' });
    expect(c.replies()).toEqual([]);
    expect(c.context.channel).toBe('whatsapp');
  });
});
