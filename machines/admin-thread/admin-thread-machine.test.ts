import { createActor, type Snapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { AdminAppointment, AdminCommand, Effect } from '../../contract';
import { adminThreadMachine } from './admin-thread-machine';
import { input, Owner, T0, texts } from './test-kit';
import { ESCALATION_REMIND_MS } from './types';

/** A reply with buttons of these ids, in this order. */
const buttons = (...ids: string[]) => ({
  type: 'reply',
  message: { kind: 'buttons', buttons: ids.map((id) => ({ id })) },
});
/** The owner's words (or a part of them) passed on to a customer's thread. */
const toCustomer = (threadKey: string, text: unknown) => ({
  type: 'thread.send',
  to: { threadKey },
  event: { type: 'operator.message', text },
});
const containing = (text: string) => expect.stringContaining(text) as unknown;

const appt = (id: number, over: Partial<AdminAppointment> = {}): AdminAppointment => ({
  id,
  customerName: 'Mary',
  customerPhone: '+254712345678',
  customerThread: `c:${id + 100}`,
  customerLanguage: 'en',
  serviceId: 'braids',
  serviceName: 'Box braids',
  staffId: 'wanjiku',
  staffName: 'Wanjiku',
  start: '2026-11-20T14:00:00+03:00',
  end: '2026-11-20T17:00:00+03:00',
  status: 'booked',
  priceKesMinor: 350000,
  ...over,
});
const block: AdminCommand = {
  type: 'block',
  staffId: 'wanjiku',
  staffName: 'Wanjiku',
  date: '2026-11-20',
  from: '14:00',
  to: '17:00',
};

describe('admin thread', () => {
  it('echoes a query in one line and answers it from the call', () => {
    const o = new Owner();
    const fx = o.say('bookings friday', { type: 'agenda', date: '2026-11-20' });
    expect(texts(fx)).toEqual(['📅 Bookings Fri 20 Nov']);
    expect(fx[1]).toEqual({
      type: 'call',
      kind: 'admin.query',
      payload: { command: { type: 'agenda', date: '2026-11-20' } },
    });
    expect(o.state).toBe('working');
    const out = o.result('admin.query', { kind: 'agenda', appointments: [appt(12)] });
    expect(texts(out)).toEqual(['#12 14:00 Box braids — Mary (Wanjiku)']);
    expect(o.state).toBe('ready');
  });

  it('lists the bookings a block hits, moves them on "Move & tell" and tells each customer', () => {
    const o = new Owner();
    expect(o.say('block wanjiku', block)).toEqual([
      { type: 'call', kind: 'admin.preview', payload: { command: block } },
    ]);
    const ask = o.result('admin.preview', {
      ok: true,
      affected: [appt(1), appt(2, { customerLanguage: 'sw', customerThread: 'c:7' })],
    });
    expect(o.state).toBe('confirming');
    expect(ask[0]).toMatchObject(buttons('adm:keep', 'adm:cancel', 'adm:move'));
    expect(texts(ask)[0]).toContain('This hits 2 bookings');
    expect(texts(o.tap('adm:yes', 'Yes'))).toEqual(['Keep, cancel or move the bookings?']);
    const go = o.tap('adm:move', 'Move & tell');
    expect(go).toEqual([
      {
        type: 'call',
        kind: 'admin.apply',
        payload: { command: block, adminThread: 'a:1', decision: 'move' },
      },
    ]);
    const moved = appt(1, { start: '2026-11-20T17:00:00+03:00' });
    const done = o.result('admin.apply', {
      ok: true,
      summary: 'block',
      notices: [
        { threadKey: 'c:101', language: 'en', kind: 'moved', appointment: appt(1), moved },
        { threadKey: 'c:7', language: 'sw', kind: 'cancelled', appointment: appt(2) },
      ],
    });
    expect(done[0]).toEqual(toCustomer('c:101', containing('has moved to Fri 20 Nov at 17:00')));
    expect(done[1]).toEqual(toCustomer('c:7', containing('Samahani — tumelazimika kughairi')));
    expect(texts(done)[0]).toContain('2 customers told');
    expect(o.state).toBe('ready');
  });

  it('asks before a catalog change and drops it on "no"', () => {
    const o = new Owner();
    const cmd: AdminCommand = {
      type: 'set_price',
      serviceId: 'haircut',
      serviceName: 'Haircut',
      priceKesMinor: 90000,
    };
    o.say('haircut price 900', cmd);
    const ask = o.result('admin.preview', { ok: true, affected: [], before: '80000' });
    expect(texts(ask)[0]).toBe(
      '🏷️ Haircut: new price KES 900\n(now KES 800)\nCustomers will see this. Confirm?',
    );
    expect(texts(o.say('no', { type: 'no' }))).toEqual(['OK — nothing changed.']);
    expect(o.state).toBe('ready');
  });

  it("explains a problem in the owner's language", () => {
    const o = new Owner();
    const fx = o.say(
      'kamisheni ya Wanjeri',
      { type: 'problem', problem: 'unknown_staff', word: 'wanjeri', suggestion: 'Wanjiku' },
      'sw',
    );
    expect(texts(fx)).toEqual(['Simjui mfanyakazi anayeitwa “wanjeri”. Ulimaanisha Wanjiku?']);
  });

  it('turns a relay into an escalation with taps, relays the reply and closes it', () => {
    const o = new Owner();
    const fx = o.send({
      type: 'relay',
      text: 'can I bring my dog?',
      fromThread: 'c:9',
      reason: 'human_requested',
    });
    expect(fx).toEqual([
      { type: 'call', kind: 'admin.customer', payload: { threadKey: 'c:9' } },
      {
        type: 'timer.set',
        key: 'esc:E1',
        fireAt: o.at + ESCALATION_REMIND_MS,
        event: { type: 'escalation.remind', code: 'E1' },
      },
    ]);
    const card = o.result('admin.customer', {
      threadKey: 'c:9',
      label: 'Amina +254711000000',
      language: 'sw',
      summary: 'hi / can I bring my dog?',
    });
    expect(card[0]).toMatchObject(buttons('esc:reply:E1', 'esc:take:E1', 'esc:dismiss:E1'));
    expect(texts(card)[0]).toContain('Amina +254711000000 wants to talk to someone (E1)');
    o.tap('esc:reply:E1', 'Reply E1');
    expect(o.state).toBe('replying');
    const sent = o.send({
      type: 'message',
      channel: 'whatsapp',
      text: 'Yes, small dogs are welcome',
      admin: { language: 'en', command: { type: 'unknown' } },
    });
    expect(sent[0]).toEqual(toCustomer('c:9', 'Yes, small dogs are welcome'));
    expect(sent[1]).toEqual({ type: 'timer.cancel', key: 'esc:E1' });
    expect(o.snapshot.context.escalations).toMatchObject([{ code: 'E1', answered: true }]);
    // the customer's answer is a follow-up of E1, with a tap to reply again
    const more = o.send({ type: 'relay', text: 'great, thanks', fromThread: 'c:9' });
    expect(more).toEqual([
      {
        type: 'reply',
        message: {
          kind: 'buttons',
          text: '💬 Amina +254711000000 (E1): great, thanks',
          buttons: [{ id: 'esc:reply:E1', title: 'Reply E1' }],
        },
      },
    ]);
    // the reminder of a closed escalation does nothing
    expect(o.send({ type: 'escalation.remind', code: 'E1' })).toEqual([]);
  });

  it('reminds once about an unanswered escalation and tells the customer honestly', () => {
    const o = new Owner();
    o.send({ type: 'relay', text: 'hello?', fromThread: 'c:9', reason: 'human_requested' });
    o.result('admin.customer', { threadKey: 'c:9', label: 'Amina', language: 'sw', summary: '' });
    const fx = o.send({ type: 'escalation.remind', code: 'E1' });
    expect(texts(fx)[0]).toContain('Amina is still waiting');
    expect(fx[1]).toEqual(toCustomer('c:9', containing('Samahani kwa kusubiri')));
    expect(o.send({ type: 'escalation.remind', code: 'E1' })).toEqual([]);
  });

  it('takes over a conversation, talks through it and hands it back', () => {
    const o = new Owner();
    o.say('take over 0712345678', { type: 'take_over', phone: '+254712345678' });
    const fx = o.result('admin.apply', {
      ok: true,
      summary: 'take_over',
      notices: [],
      customer: { threadKey: 'c:5', label: 'Mary', language: 'en' },
    });
    expect(fx[0]).toEqual({
      type: 'thread.send',
      to: { threadKey: 'c:5' },
      event: { type: 'handoff.start', by: 'owner' },
    });
    expect(
      o
        .send({ type: 'relay', text: 'hi?', fromThread: 'c:5' })
        .map((e) => e.type === 'reply' && e.message.text),
    ).toEqual(['💬 Mary: hi?']);
    expect(o.say('Hello Mary, Wanjiku is out today', { type: 'unknown' })).toEqual([
      toCustomer('c:5', 'Hello Mary, Wanjiku is out today'),
    ]);
    expect(o.say('hand back', { type: 'hand_back' })[0]).toEqual({
      type: 'thread.send',
      to: { threadKey: 'c:5' },
      event: { type: 'handoff.end' },
    });
    expect(o.snapshot.context.talkingTo).toBeNull();
  });

  it('sends the digest and sets the next one; a closed day sets the next only', () => {
    const o = new Owner();
    expect(o.send({ type: 'digest.due' })).toEqual([
      { type: 'call', kind: 'admin.digest', payload: {} },
    ]);
    const data = {
      date: '2026-11-19',
      perStaff: [{ staffName: 'Wanjiku', count: 2, first: '09:00' }],
      total: 2,
      yesterdayTakingsKesMinor: 150000,
      noShowsYesterday: 1,
    };
    const next = o.at + 86_400_000;
    const fx = o.result('admin.digest', { skip: false, data, nextAt: next });
    expect(texts(fx)[0]).toContain('Thu 19 Nov: 2 bookings');
    expect(fx.at(-1)).toEqual({
      type: 'timer.set',
      key: 'digest',
      fireAt: next,
      event: { type: 'digest.due' },
    });
    expect(o.result('admin.digest', { skip: true, data, nextAt: next + 1 })).toEqual([
      { type: 'timer.set', key: 'digest', fireAt: next + 1, event: { type: 'digest.due' } },
    ]);
  });

  it('runs the payment reaper from its timer and keeps the chain going, even after a failure', () => {
    const o = new Owner();
    o.say('bookings tomorrow', { type: 'agenda', date: '2026-11-19' });
    expect(o.state).toBe('working');
    // The reaper's timer fires in the middle of a query: the owner's conversation is untouched.
    expect(o.send({ type: 'reaper.due' })).toEqual([
      { type: 'call', kind: 'payment.reap', payload: {} },
    ]);
    const next = o.at + 86_400_000;
    expect(o.result('payment.reap', { nextAt: next, report: null })).toEqual([
      { type: 'timer.set', key: 'reaper', fireAt: next, event: { type: 'reaper.due' } },
    ]);
    expect(o.state).toBe('working');
    const failed = o.send({ type: 'effect.failed', kind: 'payment.reap', error: 'boom' });
    expect(failed).toEqual([
      {
        type: 'timer.set',
        key: 'reaper',
        fireAt: o.at + 86_400_000,
        event: { type: 'reaper.due' },
      },
    ]);
  });

  it("tells the night's payment reaper in the digest, in the owner's language", () => {
    const o = new Owner();
    const data = {
      date: '2026-11-19',
      perStaff: [],
      total: 0,
      yesterdayTakingsKesMinor: 0,
      noShowsYesterday: 0,
      overnight: { holdsReleased: 2, confirmedLate: 1, failed: 0, stillOpen: 0, customersTold: 2 },
    };
    o.send({ type: 'digest.due' });
    const en = texts(o.result('admin.digest', { skip: false, data, nextAt: o.at + 1e6 }))[0];
    expect(en).toContain('Overnight: 2 holds released, 1 payment confirmed late');
    o.say('msaada', { type: 'help' }, 'sw');
    o.send({ type: 'digest.due' });
    const sw = texts(o.result('admin.digest', { skip: false, data, nextAt: o.at + 1e6 }))[0];
    expect(sw).toContain(
      'Usiku: nafasi 2 zilizoshikiliwa zimeachiliwa, malipo 1 yamethibitishwa kwa kuchelewa',
    );
    // A quiet night says nothing.
    const quiet = { ...data, overnight: { ...data.overnight, holdsReleased: 0, confirmedLate: 0 } };
    o.send({ type: 'digest.due' });
    const none = texts(o.result('admin.digest', { skip: false, data: quiet, nextAt: o.at + 1e6 }));
    expect(none[0]).not.toContain('Usiku');
  });

  it('persists to JSON and restores in the middle of a confirmation', () => {
    const o = new Owner();
    o.say('block', block);
    o.result('admin.preview', { ok: true, affected: [appt(1)] });
    const actor = createActor(adminThreadMachine, { input, snapshot: o.snapshot });
    actor.start();
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Snapshot<unknown>;
    actor.stop();
    const restored = createActor(adminThreadMachine, { input, snapshot: saved });
    const effects: Effect[] = [];
    restored.on('*', (e) => effects.push(e));
    restored.start();
    expect(restored.getSnapshot().value).toBe('confirming');
    restored.send({
      type: 'message',
      channel: 'whatsapp',
      text: 'Cancel & tell',
      replyId: 'adm:cancel',
      at: T0 + 99_000,
    });
    expect(effects).toEqual([
      {
        type: 'call',
        kind: 'admin.apply',
        payload: { command: block, adminThread: 'a:1', decision: 'cancel' },
      },
    ]);
  });
});
