import { describe, expect, it } from 'vitest';
import { asksForChatCopy } from './chat-copy';
import { appointment, Convo, FRIDAY, input, settingsWith, slot } from './test-kit';

const onCall = () => {
  const c = new Convo();
  c.send({ type: 'call.started', channel: 'voice', callId: 'call-1' });
  return c;
};
const voice = { channel: 'voice' as const };
const toChat = (c: Convo) =>
  c.effects.flatMap((e) =>
    e.type === 'reply' && e.channel === 'whatsapp' ? [e.message.text] : [],
  );
const spoken = (c: Convo) =>
  c.effects.flatMap((e) => (e.type === 'reply' && !e.channel ? [e.message.text] : []));

describe('"send it to me on WhatsApp" during a call', () => {
  it('hears the request in English and Swahili, and not in other talk of WhatsApp', () => {
    for (const s of [
      'send it to me on WhatsApp',
      'Can you send that to my whatsapp please',
      'just WhatsApp me the details',
      'nitumie kwa WhatsApp',
      'Tafadhali nitumie hiyo kwa whatsapp',
    ])
      expect(asksForChatCopy(s), s).toBe(true);
    for (const s of ['I want a haircut', 'is this your WhatsApp number', 'send me a reminder'])
      expect(asksForChatCopy(s), s).toBe(false);
  });

  it('sends the booking under way to WhatsApp, says so on the call, and stays on the step', () => {
    const c = onCall();
    c.say(
      'I want a haircut on Friday',
      { intent: 'book', serviceIds: ['haircut'], date: FRIDAY },
      voice,
    );
    const step = c.state;
    c.say('send it to me on WhatsApp', { intent: 'unknown' }, voice);
    expect(toChat(c)).toEqual([
      "From your call with us:\nYou're booking Haircut on Fri 20 Nov.\nReply here to go on from where we stopped.",
    ]);
    expect(spoken(c)).toEqual(["Done — I've sent it to your WhatsApp."]);
    expect(c.state).toBe(step);
    expect(c.context.channel).toBe('voice');
  });

  it('in Swahili, with what the call booked', () => {
    const c = onCall();
    const s = slot('15:00', 'wanjiku');
    c.say(
      'nataka kunyoa na Wanjiku Ijumaa saa tisa',
      {
        intent: 'book',
        serviceIds: ['haircut'],
        staffId: 'wanjiku',
        date: FRIDAY,
        time: '15:00',
        language: 'sw',
      },
      voice,
    );
    c.result('availability.search', { slots: [s] });
    c.send({
      type: 'message',
      channel: 'voice',
      text: '',
      replyId: 'slot:2026-11-20T15:00+03:00:wanjiku',
    });
    c.send({ type: 'message', channel: 'voice', text: '', replyId: 'confirm:yes' });
    c.result('booking.create', { ok: true, appointment: appointment(101, s, 800) });
    c.say('nitumie kwa WhatsApp', { intent: 'unknown', language: 'sw' }, voice);
    const [copy] = toChat(c);
    expect(copy).toMatch(/^Kutoka kwenye simu yako nasi:\n/);
    expect(copy).toMatch(/#101\./);
    expect(copy).toMatch(/Jibu hapa tuendelee tulipoishia\.$/);
    expect(spoken(c)).toEqual(['Sawa — nimekutumia kwenye WhatsApp.']);
  });

  it('with nothing under way says so; off a call the words are an ordinary message', () => {
    const c = onCall();
    c.say('send it to me on WhatsApp', { intent: 'unknown' }, voice);
    expect(toChat(c)[0]).toMatch(/Nothing is booked yet\./);
    const chat = new Convo();
    chat.say('send it to me on WhatsApp', { intent: 'unknown' });
    expect(toChat(chat)).toEqual([]);
  });

  it('a call that ends while its booking waits for M-Pesa tells the chat the time is held', () => {
    const c = new Convo(input(settingsWith({ mpesa: { enabled: true, deposit_percent: 50 } })));
    c.send({ type: 'call.started', channel: 'voice', callId: 'call-1' });
    const s = slot('15:00', 'wanjiku');
    c.say(
      'haircut with Wanjiku friday 3pm',
      { intent: 'book', serviceIds: ['haircut'], staffId: 'wanjiku', date: FRIDAY, time: '15:00' },
      voice,
    );
    c.result('availability.search', { slots: [s] });
    c.send({ type: 'message', channel: 'voice', text: '', replyId: 'confirm:yes' });
    c.result('booking.create', {
      ok: true,
      appointment: { ...appointment(101, s, 800), status: 'pending_payment' as const },
    });
    expect(c.calls()[0]?.kind).toBe('payment.request');
    c.send({ type: 'call.ended', callId: 'call-1', channel: 'whatsapp' });
    expect(c.text).toBe(
      'From your call with us:\nHaircut, Fri 20 Nov at 3:00 pm: held for you until the M-Pesa payment comes through.\nReply here to go on from where we stopped.',
    );
    expect(c.context.channel).toBe('whatsapp');
    // The payment comes through after the call: the confirmation follows in the chat.
    c.send({ type: 'payment.result', ok: true, appointmentId: 101 });
    expect(c.text).toMatch(/^You're booked! Haircut with Wanjiku/);
  });
});
