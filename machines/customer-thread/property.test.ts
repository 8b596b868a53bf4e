import fc from 'fast-check';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { INTENTS, type Effect, type Intent } from '../../contract/thread';
import { customerThreadMachine } from './customer-thread-machine';
import {
  appointment,
  Convo,
  emitted,
  FRIDAY,
  input,
  settingsWith,
  slot,
  stateOf,
  u,
} from './test-kit';
import type { CustomerThreadEvent } from './types';

/** Random conversations: any order of messages, results, failures, handoffs, timers. */

const KINDS = [
  'availability.search',
  'booking.create',
  'booking.cancel',
  'booking.reschedule',
  'booking.list',
  'inquiry.answer',
  'payment.request',
  'reply',
  'weird',
];
const IDS = [
  'svc:haircut',
  'svc:pedicure',
  'svc:nope',
  'staff:any',
  'staff:wanjiku',
  'staff:ghost',
  'slot:2026-11-20T15:00+03:00:wanjiku',
  'slot:2026-11-20T10:00+03:00:achieng',
  'slot:bad',
  'confirm:yes',
  'confirm:no',
  'appt:201',
  'appt:999',
  'addon:yes',
  'addon:no',
  'human:yes',
  'human:no',
  'resume:yes',
  'resume:no',
  'pay:retry',
  'pay:skip',
  'menu:book',
  'menu:cancel',
  'menu:reschedule',
  'menu:my_bookings',
  'menu:prices',
  'menu:human',
  'reminder:confirm:201',
  'reminder:reschedule:201',
  'day:2026-11-20',
  'day:2026-11-01',
  'when:soonest',
  '',
  ':::',
  'x'.repeat(400),
];

const SLOTS = [
  slot('15:00', 'wanjiku'),
  slot('15:30', 'wanjiku', 'braids', FRIDAY, 180),
  slot('10:00', 'achieng', 'pedicure', FRIDAY, 60),
];
const APPT = appointment(201, slot('15:00', 'wanjiku'), 800);

const understanding = fc.record(
  {
    intent: fc.constantFrom(...INTENTS),
    language: fc.constantFrom('en' as const, 'sw' as const),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    serviceIds: fc.subarray(['haircut', 'braids', 'pedicure', 'manicure', 'massage', 'tattoo']),
    staffId: fc.constantFrom('wanjiku', 'achieng', 'baraka', 'ghost'),
    anyStaff: fc.boolean(),
    date: fc.constantFrom(FRIDAY, '2026-11-21', '2026-11-01', '2026-02-30', 'soon'),
    time: fc.constantFrom('10:00', '15:00', '25:99'),
    partOfDay: fc.constantFrom('morning' as const, 'afternoon' as const, 'evening' as const),
    choice: fc.integer({ min: -2, max: 12 }),
    topic: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['intent', 'language', 'confidence', 'serviceIds'] },
);

const text = fc.oneof(
  fc.constantFrom(
    '',
    '   ',
    '🙏🏾🔥',
    'menu',
    'STOP',
    'START',
    'ANZA',
    'acha',
    'anza upya',
    '1',
    '2',
    'yes',
  ),
  fc.string({ maxLength: 40 }),
  fc.constant('z'.repeat(10_000)),
);

const results = fc.oneof(
  fc.constant({ slots: SLOTS }),
  fc.constant({ slots: [] }),
  fc.constant({ ok: true, appointment: APPT }),
  fc.constant({ ok: false, reason: 'slot_taken', alternatives: SLOTS.slice(0, 1) }),
  fc.constant({ ok: false, reason: 'past_cutoff', alternatives: [] }),
  fc.constant({ ok: false, reason: 'not_found' }),
  fc.constant({ appointments: [APPT] }),
  fc.constant({ appointments: [APPT, { ...APPT, id: 202 }] }),
  fc.constant({ appointments: [] }),
  fc.constant({ answered: true, text: 'We open at 8.' }),
  fc.constant({ answered: false, text: '' }),
  fc.anything(),
);

type Unstamped = Record<string, unknown> & { type: string };
const event: fc.Arbitrary<Unstamped> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        type: fc.constant('message'),
        channel: fc.constantFrom('whatsapp', 'voice', 'sms', 'martian'),
        text,
        replyId: fc.constantFrom(...IDS),
        understanding: understanding.map((x) => u(x)),
      },
      { requiredKeys: ['type', 'channel', 'text'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('call.result'),
      kind: fc.constantFrom(...KINDS),
      result: results,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('effect.failed'),
      kind: fc.constantFrom(...KINDS),
      error: fc.constant('boom'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('payment.result'),
      ok: fc.boolean(),
      appointmentId: fc.constantFrom(201, 5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('payment.timeout'),
      appointmentId: fc.constantFrom(201, 5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('handoff.start'),
      by: fc.constantFrom('owner', 'operator', 'alien'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'handoff.end' }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('operator.message'), text }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('reminder.due'),
      appointmentId: fc.oneof(fc.constant(201), fc.constant('x' as unknown as number)),
      summary: fc.string({ maxLength: 30 }),
    }),
  },
);

const step = fc.tuple(event, fc.integer({ min: 0, max: 3 * 3_600_000 }));

/** Scripted starting points deep in each flow; random events take it from there. */
const offers = (c: Convo) => {
  c.say('haircut Friday 3pm', {
    intent: 'book',
    serviceIds: ['haircut'],
    anyStaff: true,
    date: FRIDAY,
    time: '15:00',
  });
  c.result('availability.search', { slots: SLOTS.slice(0, 1) });
};
const confirming = (c: Convo) => (offers(c), c.say('1', { choice: 1 }));
const creating = (c: Convo) => (confirming(c), c.say('yes', { intent: 'yes' }));
const created = (c: Convo) => (
  creating(c),
  c.result('booking.create', { ok: true, appointment: APPT })
);
const listed = (c: Convo, intent: Intent) => {
  c.say(intent, { intent });
  c.result('booking.list', { appointments: [APPT] });
};
const SEEDS: ((c: Convo) => void)[] = [
  () => undefined,
  offers,
  confirming,
  creating,
  created,
  (c) => (created(c), c.result('availability.search', { slots: [SLOTS[1]] })),
  (c) => (created(c), c.send({ type: 'payment.result', ok: false, appointmentId: 201 })),
  (c) => listed(c, 'cancel'),
  (c) => (listed(c, 'cancel'), c.say('yes', { intent: 'yes' })),
  (c) => listed(c, 'reschedule'),
  (c) => (listed(c, 'reschedule'), c.say('Friday', { date: FRIDAY, intent: 'book' })),
  (c) => (
    listed(c, 'reschedule'),
    c.say('Friday', { date: FRIDAY, intent: 'book' }),
    c.result('availability.search', { slots: SLOTS.slice(0, 1) }),
    c.say('1', { choice: 1 })
  ),
  (c) => (offers(c), c.send({ type: 'handoff.start', by: 'owner' })),
  (c) => c.say('how much?', { intent: 'prices' }),
];

function checkEffects(effects: Effect[]) {
  for (const e of effects) {
    expect(['reply', 'timer.set', 'timer.cancel', 'thread.send', 'call']).toContain(e.type);
    if (e.type !== 'reply') continue;
    const m = e.message;
    expect(m.text.length).toBeLessThanOrEqual(4096);
    if (m.kind === 'buttons') {
      expect(m.buttons.length).toBeGreaterThan(0);
      expect(m.buttons.length).toBeLessThanOrEqual(3);
      for (const b of m.buttons) expect(b.title.length).toBeLessThanOrEqual(20);
    }
    if (m.kind === 'list') {
      const rows = m.sections.flatMap((s) => s.rows);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThanOrEqual(10);
    }
  }
}

describe('random conversations', () => {
  it('never throw, never error, and a greeting always gets a reply unless handed off or opted out', () => {
    const mpesaInput = input(settingsWith({ mpesa: { enabled: true } }));
    fc.assert(
      fc.property(
        fc.nat(SEEDS.length - 1),
        fc.array(step, { maxLength: 25 }),
        fc.boolean(),
        (seed, steps, mpesa) => {
          const c = new Convo(mpesa ? mpesaInput : input());
          SEEDS[seed]?.(c);
          for (const [e, gap] of steps) {
            c.at += gap;
            const [next, actions] = transition(customerThreadMachine, c.snapshot, {
              ...e,
              at: c.at,
            } as unknown as CustomerThreadEvent);
            expect(next.status).toBe('active');
            checkEffects(emitted(actions));
            c.snapshot = next;
          }
          const where = stateOf(c.snapshot.value);
          c.say('Hello', { intent: 'greeting' });
          expect(c.snapshot.status).toBe('active');
          if (where !== 'active.handedOff' && where !== 'optedOut') {
            expect(c.replies().length, `greeting in ${where}`).toBeGreaterThan(0);
          }
          // And the thread is never stuck: "menu" always lands in idle when the bot is in charge.
          c.say('menu');
          if (where !== 'active.handedOff' && where !== 'optedOut') {
            expect(c.state).toBe('active.conversation.idle');
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
