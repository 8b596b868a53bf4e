import { describe, expect, it } from 'vitest';
import type { AdminCommand } from '../../contract';
import { createAdminParser } from './admin-parser';

// The demo tenant's catalog (tenants/demo.yaml).
const parser = createAdminParser({
  services: [
    { id: 'haircut', names: ['Haircut', 'Kunyoa nywele', 'cut', 'trim', 'kunyoa'] },
    { id: 'braids', names: ['Box braids', 'Kusuka', 'braiding', 'rasta', 'kusuka', 'twists'] },
    { id: 'manicure', names: ['Manicure', 'mani', 'nails', 'kucha'] },
    { id: 'pedicure', names: ['Pedicure', 'pedi'] },
    { id: 'massage', names: ['Full body massage', 'massage', 'masaji'] },
  ],
  staff: [
    { id: 'wanjiku', name: 'Wanjiku' },
    { id: 'achieng', name: 'Achieng' },
    { id: 'baraka', name: 'Baraka' },
  ],
  serviceNames: {
    haircut: 'Haircut',
    braids: 'Box braids',
    manicure: 'Manicure',
    pedicure: 'Pedicure',
    massage: 'Full body massage',
  },
});
// Wednesday 18 November 2026, 10:00 in Nairobi.
const ctx = { now: Date.parse('2026-11-18T10:00:00+03:00'), timezone: 'Africa/Nairobi' };
const parse = (text: string) => parser.parse(text, ctx);
// The staff and service fields of a command, as the parser fills them.
const wanjiku = { staffId: 'wanjiku', staffName: 'Wanjiku' };
const achieng = { staffId: 'achieng', staffName: 'Achieng' };
const braids = { serviceId: 'braids', serviceName: 'Box braids' };

const cases: [string, AdminCommand][] = [
  ['bookings today', { type: 'agenda', date: '2026-11-18' }],
  ['who is booked tomorrow', { type: 'agenda', date: '2026-11-19' }],
  ['miadi ya kesho', { type: 'agenda', date: '2026-11-19' }],
  [
    "Wanjiku's bookings Friday",
    { type: 'agenda', date: '2026-11-20', staffId: 'wanjiku', staffName: 'Wanjiku' },
  ],
  ['who is free at 3pm', { type: 'free', date: '2026-11-18', time: '15:00' }],
  ['nani yuko huru kesho saa nne asubuhi', { type: 'free', date: '2026-11-19', time: '10:00' }],
  ['takings today', { type: 'takings', date: '2026-11-18' }],
  ['mapato ya jana', { type: 'takings', date: '2026-11-17' }],
  [
    'block Wanjiku Friday 2pm-5pm',
    { type: 'block', ...wanjiku, date: '2026-11-20', from: '14:00', to: '17:00' },
  ],
  [
    'zuia Achieng kesho saa nane hadi saa kumi',
    { type: 'block', ...achieng, date: '2026-11-19', from: '14:00', to: '16:00' },
  ],
  [
    'block the salon Friday afternoon',
    { type: 'block', staffId: null, date: '2026-11-20', from: '12:00', to: '17:00' },
  ],
  [
    'Baraka day off Saturday',
    { type: 'day_off', staffId: 'baraka', staffName: 'Baraka', date: '2026-11-21' },
  ],
  ['close the salon on 24/12', { type: 'holiday', date: '2026-12-24' }],
  ['tumefunga tarehe 26 Desemba', { type: 'holiday', date: '2026-12-26' }],
  [
    'book Mary 0712 345 678 braids Friday 10am with Wanjiku',
    {
      type: 'walk_in',
      name: 'Mary',
      phone: '+254712345678',
      ...braids,
      ...wanjiku,
      date: '2026-11-20',
      time: '10:00',
    },
  ],
  [
    'change haircut price to 900',
    { type: 'set_price', serviceId: 'haircut', serviceName: 'Haircut', priceKesMinor: 90000 },
  ],
  [
    'bei ya kusuka 4,000',
    { type: 'set_price', serviceId: 'braids', serviceName: 'Box braids', priceKesMinor: 400000 },
  ],
  [
    'pedicure takes 75 min',
    { type: 'set_duration', serviceId: 'pedicure', serviceName: 'Pedicure', durationMin: 75 },
  ],
  [
    'pause massage',
    { type: 'pause_service', serviceId: 'massage', serviceName: 'Full body massage' },
  ],
  [
    'add service Dreadlocks 2500 120 min',
    { type: 'add_service', name: 'Dreadlocks', priceKesMinor: 250000, durationMin: 120 },
  ],
  ['add staff Njeri', { type: 'add_staff', name: 'Njeri' }],
  [
    'note: we have parking behind the building',
    { type: 'add_knowledge', text: 'we have parking behind the building' },
  ],
  [
    'done #12 10:05-11:40 tip 200',
    {
      type: 'mark_done',
      appointmentId: 12,
      actualStart: '10:05',
      actualEnd: '11:40',
      tipKesMinor: 20000,
    },
  ],
  ['#7 no show', { type: 'no_show', appointmentId: 7 }],
  ['refund R2 done', { type: 'refund_done', refundId: 2 }],
  ['R14 refunded', { type: 'refund_done', refundId: 14 }],
  ['Refund r3 sent', { type: 'refund_done', refundId: 3 }],
  ['rejesho R2 limefanyika', { type: 'refund_done', refundId: 2 }],
  ['nimerudisha pesa R5', { type: 'refund_done', refundId: 5 }],
  ['take over 0712345678', { type: 'take_over', phone: '+254712345678' }],
  ['take over E2', { type: 'take_over', code: 'E2' }],
  ['hand back', { type: 'hand_back' }],
  ['reply E1 Yes we open at 8', { type: 'reply', code: 'E1', text: 'Yes we open at 8' }],
  ['jibu sawa, karibu kesho', { type: 'reply', text: 'sawa, karibu kesho' }],
  ['dismiss E3', { type: 'dismiss', code: 'E3' }],
  [
    'commission for Wanjiku this month',
    { type: 'commission', staffId: 'wanjiku', staffName: 'Wanjiku', month: '2026-11' },
  ],
  [
    'kamisheni ya Achieng mwezi uliopita',
    { type: 'commission', staffId: 'achieng', staffName: 'Achieng', month: '2026-10' },
  ],
  ['close November', { type: 'close_month', month: '2026-11' }],
  ['yes', { type: 'yes' }],
  ['hapana', { type: 'no' }],
  ['help', { type: 'help' }],
];

describe('admin parser', () => {
  it.each(cases)('%s', (text, command) => {
    expect(parse(text).command).toEqual(command);
  });

  it('tells the language', () => {
    expect(parse('miadi ya kesho').language).toBe('sw');
    expect(parse('rejesho R2 limefanyika').language).toBe('sw');
    expect(parse('bookings tomorrow').language).toBe('en');
  });

  it('offers a did-you-mean for an unknown staff member or service', () => {
    expect(parse('day off for Wanjku Friday').command).toMatchObject({ type: 'day_off' }); // a typo the fuzzy match takes
    expect(parse('commission for Wanjeri this month').command).toEqual({
      type: 'problem',
      problem: 'unknown_staff',
      word: 'wanjeri',
      suggestion: 'Wanjiku',
    });
    expect(parse('change bradez price to 900').command).toMatchObject({
      type: 'problem',
      problem: 'unknown_service',
      suggestion: 'Box braids',
    });
  });

  it('refuses a past date for a change and asks which day for a week', () => {
    expect(parse('close the salon on 15 Nov').command).toEqual({
      type: 'problem',
      problem: 'past_date',
      date: '2026-11-15',
    });
    expect(parse('block Wanjiku yesterday 2pm-4pm').command).toMatchObject({
      problem: 'past_date',
    });
    expect(parse('Baraka day off next week').command).toMatchObject({ problem: 'ambiguous_date' });
    // the past is fine for a question
    expect(parse('bookings yesterday').command).toEqual({ type: 'agenda', date: '2026-11-17' });
  });

  it('never throws on odd input', () => {
    for (const t of ['\u0000', '\ud800', 'x'.repeat(100_000), '####', 'block', 'book 0712345678'])
      expect(() => parse(t)).not.toThrow();
    expect(parse('hello there').command).toEqual({ type: 'unknown' });
  });
});

describe('admin parser: extra hours, services for staff, commission amendments', () => {
  const salon = (date: string, from: string, to: string): AdminCommand => ({
    type: 'extra_hours',
    staffId: null,
    date,
    from,
    to,
  });
  const cases: [string, AdminCommand][] = [
    ['open extra hours Sunday 10am-2pm', salon('2026-11-22', '10:00', '14:00')],
    ['open the salon on Sunday 10am to 2pm', salon('2026-11-22', '10:00', '14:00')],
    ['fungua saluni Jumapili saa nne hadi saa nane', salon('2026-11-22', '10:00', '14:00')],
    [
      'Wanjiku works Friday 7pm-9pm',
      { type: 'extra_hours', ...wanjiku, date: '2026-11-20', from: '19:00', to: '21:00' },
    ],
    [
      'saa za ziada Wanjiku Jumapili saa nne hadi saa nane',
      { type: 'extra_hours', ...wanjiku, date: '2026-11-22', from: '10:00', to: '14:00' },
    ],
    [
      'Baraka does braids and pedicure',
      {
        type: 'assign_services',
        staffId: 'baraka',
        staffName: 'Baraka',
        serviceIds: ['braids', 'pedicure'],
        serviceNames: ['Box braids', 'Pedicure'],
      },
    ],
    [
      'Achieng anafanya kunyoa',
      {
        type: 'assign_services',
        staffId: 'achieng',
        staffName: 'Achieng',
        serviceIds: ['haircut'],
        serviceNames: ['Haircut'],
      },
    ],
    [
      'amend November for Wanjiku: add 500 tip',
      {
        type: 'amend_commission',
        ...wanjiku,
        month: '2026-11',
        deltaKesMinor: 50_000,
        note: 'tip',
      },
    ],
    [
      'rekebisha Oktoba ya Wanjiku: toa 1,200 kwa kifaa kilichovunjika',
      {
        type: 'amend_commission',
        ...wanjiku,
        month: '2026-10',
        deltaKesMinor: -120_000,
        note: 'kifaa kilichovunjika',
      },
    ],
  ];
  it.each(cases)('%s', (text, command) => {
    expect(parse(text).command).toEqual(command);
  });

  it('reads the part of the day of a Swahili range: "saa mbili usiku" is 20:00', () => {
    // Regression: the range ignored asubuhi/jioni/usiku and read "saa mbili usiku" as 08:00.
    expect(parse('zuia Achieng kesho saa moja jioni hadi saa tatu usiku').command).toMatchObject({
      type: 'block',
      from: '19:00',
      to: '21:00',
    });
  });

  it('reads the language, and refuses or asks like the other changes', () => {
    expect(parse('fungua saluni Jumapili saa nne hadi saa nane').language).toBe('sw');
    expect(parse('rekebisha Novemba ya Wanjiku: ongeza 500 bakshishi').language).toBe('sw');
    expect(parse('open extra hours 15 Nov 10am-2pm').command).toMatchObject({
      problem: 'past_date',
    });
    expect(parse('extra hours Sunday').command).toMatchObject({ problem: 'missing', word: 'time' });
    expect(parse('amend November for Wanjeri: add 500').command).toMatchObject({
      problem: 'unknown_staff',
      suggestion: 'Wanjiku',
    });
    expect(parse('amend November for Wanjiku').command).toMatchObject({ word: 'amount' });
    expect(parse('how much does Baraka get').command).toEqual({ type: 'unknown' });
  });
});
