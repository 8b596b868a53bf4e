import { describe, expect, it } from 'vitest';
import {
  checkSlot,
  findSlots,
  lastBookableDate,
  type SlotProblem,
  type SlotSearch,
} from './availability';
import type { Block, BusyInterval, Catalog, WeekHours } from './types';
import { TEST_POLICY, testService, testStaff } from './testing/catalog-kit';

// Week of Monday 2026-03-02 in Nairobi (UTC+3, no DST). `now` is Monday 07:00 local.
const NOW = Date.parse('2026-03-02T07:00:00+03:00');
const MON = '2026-03-02';
const TUE = '2026-03-03';
const WED = '2026-03-04';
const FRI = '2026-03-06';

const span = (open: string, close: string) => {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return { openMin: m(open), closeMin: m(close) };
};
const weekdays = (open: string, close: string): WeekHours => ({
  mon: [span(open, close)],
  tue: [span(open, close)],
  wed: [span(open, close)],
  thu: [span(open, close)],
  fri: [span(open, close)],
});

function catalog(over: Partial<Catalog> = {}): Catalog {
  return {
    timezone: 'Africa/Nairobi',
    policy: TEST_POLICY,
    services: [
      testService('haircut', 30, 10),
      testService('braids', 180, 15),
      testService('manicure', 45, 5),
    ],
    staff: [
      testStaff('wanjiku', ['haircut', 'braids']),
      testStaff('achieng', ['braids', 'manicure']),
      testStaff('baraka', ['haircut'], {
        tue: [span('10:00', '19:00')],
        wed: [span('10:00', '19:00')],
      }),
    ],
    hours: { ...weekdays('08:00', '19:00'), sat: [span('09:00', '18:00')] },
    holidays: [],
    blocks: [],
    ...over,
  };
}

const at = (date: string, time: string, offset = '+03:00') =>
  Date.parse(`${date}T${time}:00${offset}`);
const busy = (staffId: string, date: string, from: string, to: string): BusyInterval => ({
  staffId,
  startMs: at(date, from),
  endMs: at(date, to),
});
const block = (staffId: string | null, date: string, from: string, to: string): Block => ({
  id: 1,
  staffId,
  startMs: at(date, from),
  endMs: at(date, to),
  reason: null,
  source: 'admin',
});

function starts(c: Catalog, b: BusyInterval[], s: Partial<SlotSearch>): string[] {
  return findSlots(c, b, { serviceId: 'haircut', staffId: 'wanjiku', now: NOW, ...s }).map(
    (x) => x.start,
  );
}
const minutesOf = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

describe('findSlots', () => {
  it.each([
    [
      'an exact free time comes first, then the nearest (later first on a tie)',
      {},
      [],
      { date: TUE, time: '10:00' },
      ['2026-03-03T10:00:00+03:00', '2026-03-03T10:15:00+03:00', '2026-03-03T09:45:00+03:00'],
    ],
    [
      'an exact time off the slot grid is offered when free',
      {},
      [],
      { date: TUE, time: '10:10', limit: 1 },
      ['2026-03-03T10:10:00+03:00'],
    ],
    [
      "a taken time gives the nearest free ones; the booked appointment's buffer counts",
      {},
      // 10:00 haircut + 10 min buffer: 10:00-10:40. 09:30 would run into it (its own buffer
      // ends 10:10), 10:40 is not on the 15-minute grid.
      [busy('wanjiku', TUE, '10:00', '10:40')],
      { date: TUE, time: '10:00' },
      ['2026-03-03T10:45:00+03:00', '2026-03-03T09:15:00+03:00', '2026-03-03T11:00:00+03:00'],
    ],
    [
      'with a 5-minute step the slot right after the buffer is offered',
      { policy: { ...catalog().policy, slotStepMin: 5 } },
      [busy('wanjiku', TUE, '10:00', '10:40')],
      { date: TUE, time: '10:00', limit: 2 },
      ['2026-03-03T10:40:00+03:00', '2026-03-03T09:20:00+03:00'],
    ],
    [
      'a service must end by closing time (the buffer may run past it)',
      {},
      [],
      { date: TUE, time: '18:55', limit: 2 },
      ['2026-03-03T18:30:00+03:00', '2026-03-03T18:15:00+03:00'],
    ],
    [
      'a fully booked day moves on to the next day, nearest to the asked time',
      {},
      [busy('wanjiku', TUE, '08:00', '19:10')],
      { date: TUE, time: '10:00' },
      ['2026-03-04T10:00:00+03:00', '2026-03-04T10:15:00+03:00', '2026-03-04T09:45:00+03:00'],
    ],
    [
      'a holiday is closed all day',
      { holidays: [{ date: TUE, name: 'Test day' }] },
      [],
      { date: TUE, time: '10:00', limit: 1 },
      ['2026-03-04T10:00:00+03:00'],
    ],
    [
      'a business-wide block stops every service that would overlap it',
      { blocks: [block(null, TUE, '12:00', '14:00')] },
      [],
      // 11:30-12:00 ends as the block starts; 11:45 would run into it.
      { date: TUE, time: '11:45', limit: 3 },
      ['2026-03-03T11:30:00+03:00', '2026-03-03T11:15:00+03:00', '2026-03-03T11:00:00+03:00'],
    ],
    [
      "another staff member's block does not matter",
      { blocks: [block('achieng', TUE, '12:00', '14:00')] },
      [],
      { date: TUE, time: '13:00', limit: 1 },
      ['2026-03-03T13:00:00+03:00'],
    ],
    [
      'lead time: the soonest slot is the first on the grid an hour from now',
      {},
      [],
      { now: Date.parse('2026-03-02T10:07:00+03:00'), limit: 1 },
      ['2026-03-02T11:15:00+03:00'],
    ],
    [
      'a date in the past searches from today',
      {},
      [],
      { date: '2026-02-20', time: '10:00', limit: 1 },
      ['2026-03-02T10:00:00+03:00'],
    ],
    [
      'horizon: a date beyond it finds nothing',
      { policy: { ...catalog().policy, horizonDays: 2 } },
      [],
      { date: FRI, time: '10:00' },
      [],
    ],
    [
      'horizon: nothing starts later than now + horizon',
      { policy: { ...catalog().policy, horizonDays: 2 } },
      [busy('wanjiku', MON, '08:00', '19:10'), busy('wanjiku', TUE, '08:00', '19:10')],
      { date: MON, time: '10:00' },
      // Wednesday opens at 08:00, after the horizon (Wednesday 07:00).
      [],
    ],
  ])('%s', (_name, over, booked, search, expected) => {
    expect(starts(catalog(over), booked, search)).toEqual(expected);
  });

  it('horizon: on the last day only starts up to now + horizon are offered', () => {
    const c = catalog({
      policy: { ...catalog().policy, horizonDays: 2 },
      hours: { wed: [span('05:00', '19:00')] },
    });
    // now is Monday 07:00: the horizon ends Wednesday 07:00.
    expect(starts(c, [], { date: WED, time: '06:00', limit: 10 }).sort()).toEqual([
      '2026-03-04T05:00:00+03:00',
      '2026-03-04T05:15:00+03:00',
      '2026-03-04T05:30:00+03:00',
      '2026-03-04T05:45:00+03:00',
      '2026-03-04T06:00:00+03:00',
      '2026-03-04T06:15:00+03:00',
      '2026-03-04T06:30:00+03:00',
      '2026-03-04T06:45:00+03:00',
      '2026-03-04T07:00:00+03:00',
    ]);
  });

  it('staff hours replace the business hours; a weekday they do not list is their day off', () => {
    // Baraka works Tue/Wed 10:00-19:00 only, though the business opens Monday at 08:00.
    expect(starts(catalog(), [], { staffId: 'baraka', date: MON, limit: 1 })).toEqual([
      '2026-03-03T10:00:00+03:00',
    ]);
    expect(
      starts(catalog(), [], { staffId: 'baraka', date: TUE, time: '08:00', limit: 1 }),
    ).toEqual(['2026-03-03T10:00:00+03:00']);
  });

  it('anyone who does the service: one slot per start time, the least busy staff member', () => {
    const c = catalog();
    const booked = [busy('wanjiku', TUE, '15:00', '15:40')];
    const slots = findSlots(c, booked, {
      serviceId: 'haircut',
      staffId: null,
      date: TUE,
      time: '10:00',
      limit: 3,
      now: NOW,
    });
    expect(slots.map((s) => [s.start.slice(11, 16), s.staffId])).toEqual([
      ['10:00', 'baraka'],
      ['10:15', 'baraka'],
      ['09:45', 'wanjiku'],
    ]);
    expect(slots[0]).toEqual({
      start: '2026-03-03T10:00:00+03:00',
      end: '2026-03-03T10:30:00+03:00',
      staffId: 'baraka',
      staffName: 'Baraka',
      serviceId: 'haircut',
    });
  });

  it('offers nothing for a staff member who does not do the service, or inactive ones', () => {
    expect(starts(catalog(), [], { serviceId: 'manicure', staffId: 'wanjiku' })).toEqual([]);
    const inactive = catalog();
    inactive.services = inactive.services.map((s) => ({ ...s, active: s.id !== 'haircut' }));
    expect(starts(inactive, [], {})).toEqual([]);
    const gone = catalog();
    gone.staff = gone.staff.map((s) => ({ ...s, active: s.id !== 'wanjiku' }));
    expect(starts(gone, [], {})).toEqual([]);
  });

  it('a day without a time spreads the slots over the day instead of bunching them', () => {
    const slots = starts(catalog(), [], { date: FRI });
    expect(slots).toHaveLength(3);
    expect(slots[0]).toBe('2026-03-06T08:00:00+03:00');
    expect(slots[2]).toBe('2026-03-06T18:30:00+03:00');
    const mins = slots.map(minutesOf);
    expect(mins[1]! - mins[0]!).toBeGreaterThanOrEqual(180);
    expect(mins[2]! - mins[1]!).toBeGreaterThanOrEqual(180);
  });

  it.each([
    ['morning', 8 * 60, 12 * 60],
    ['afternoon', 12 * 60, 17 * 60],
    ['evening', 17 * 60, 19 * 60],
  ] as const)('partOfDay %s keeps to its window and spreads within it', (part, from, to) => {
    const slots = starts(catalog(), [], { date: FRI, partOfDay: part, limit: 3 });
    expect(slots).toHaveLength(3);
    for (const s of slots) {
      expect(s.slice(0, 10)).toBe(FRI);
      expect(minutesOf(s)).toBeGreaterThanOrEqual(from);
      expect(minutesOf(s)).toBeLessThan(to);
    }
    expect(minutesOf(slots[2]!) - minutesOf(slots[0]!)).toBeGreaterThanOrEqual(90);
  });

  it('partOfDay with a full window moves to the next day, same window', () => {
    const booked = [busy('wanjiku', FRI, '12:00', '17:10')];
    const slots = starts(catalog(), booked, { date: FRI, partOfDay: 'afternoon', limit: 2 });
    // Friday afternoon is taken; Saturday afternoon (09:00-18:00) is next.
    expect(slots.map((s) => s.slice(0, 10))).toEqual(['2026-03-07', '2026-03-07']);
    expect(slots.every((s) => minutesOf(s) >= 12 * 60 && minutesOf(s) < 17 * 60)).toBe(true);
  });

  it('with nothing asked, the soonest slots at least an hour apart', () => {
    const slots = starts(catalog(), [busy('wanjiku', MON, '08:40', '09:20')], {});
    expect(slots).toEqual([
      '2026-03-02T08:00:00+03:00',
      '2026-03-02T09:30:00+03:00',
      '2026-03-02T10:30:00+03:00',
    ]);
  });

  it('fills up from the next day when the asked day has too few free slots', () => {
    // Only 18:30 is left on Tuesday.
    const booked = [busy('wanjiku', TUE, '08:00', '18:30')];
    const slots = starts(catalog(), booked, { date: TUE });
    expect(slots[0]).toBe('2026-03-03T18:30:00+03:00');
    expect(slots.slice(1).every((s) => s.startsWith(WED))).toBe(true);
  });
});

describe('findSlots time zones', () => {
  it('reasons in the tenant zone: after 21:00 UTC it is already tomorrow in Nairobi', () => {
    // Monday 22:30 UTC = Tuesday 01:30 in Nairobi: the soonest slot is Tuesday 08:00 local.
    const now = Date.parse('2026-03-02T22:30:00Z');
    const [first] = starts(catalog(), [], { now, limit: 1 });
    expect(first).toBe('2026-03-03T08:00:00+03:00');
    expect(Date.parse(first!)).toBe(Date.parse('2026-03-03T05:00:00Z'));
  });

  it('keeps wall-clock hours across a DST change (America/New_York, 8 March 2026)', () => {
    const c = catalog({
      timezone: 'America/New_York',
      hours: { fri: [span('09:00', '17:00')], mon: [span('09:00', '17:00')] },
    });
    const now = Date.parse('2026-03-06T12:00:00Z'); // Friday 07:00 EST
    expect(starts(c, [], { now, limit: 1 })).toEqual(['2026-03-06T09:00:00-05:00']);
    expect(starts(c, [], { now, date: '2026-03-09', time: '09:00', limit: 1 })).toEqual([
      '2026-03-09T09:00:00-04:00',
    ]);
    // A busy interval given in UTC blocks the right local time after the change.
    const booked = [
      {
        staffId: 'wanjiku',
        startMs: at('2026-03-09', '13:00', 'Z'),
        endMs: at('2026-03-09', '13:40', 'Z'),
      },
    ];
    expect(starts(c, booked, { now, date: '2026-03-09', time: '09:00', limit: 1 })).toEqual([
      '2026-03-09T09:45:00-04:00',
    ]);
  });
});

type CheckRow = [
  name: string,
  over: Partial<Catalog>,
  booked: BusyInterval[],
  serviceId: string,
  staffId: string,
  startMs: number,
  expected: SlotProblem | null,
];

describe('checkSlot', () => {
  it.each<CheckRow>([
    ['a free slot', {}, [], 'haircut', 'wanjiku', at(TUE, '10:00'), null],
    ['inside the lead time', {}, [], 'haircut', 'wanjiku', at(MON, '07:45'), 'too_soon'],
    ['beyond the horizon', {}, [], 'haircut', 'wanjiku', at('2026-04-10', '10:00'), 'too_far'],
    ['before opening', {}, [], 'haircut', 'wanjiku', at(TUE, '07:45'), 'outside_hours'],
    ['ending after closing', {}, [], 'haircut', 'wanjiku', at(TUE, '18:45'), 'outside_hours'],
    ['on a Sunday', {}, [], 'haircut', 'wanjiku', at('2026-03-08', '10:00'), 'outside_hours'],
    [
      'on a holiday',
      { holidays: [{ date: TUE, name: null }] },
      [],
      'haircut',
      'wanjiku',
      at(TUE, '10:00'),
      'outside_hours',
    ],
    [
      'a staff member without the service',
      {},
      [],
      'manicure',
      'wanjiku',
      at(TUE, '10:00'),
      'outside_hours',
    ],
    [
      "on the staff member's day off",
      {},
      [],
      'haircut',
      'baraka',
      at(MON, '10:00'),
      'outside_hours',
    ],
    [
      'in a block',
      { blocks: [block('wanjiku', TUE, '10:15', '11:00')] },
      [],
      'haircut',
      'wanjiku',
      at(TUE, '10:00'),
      'slot_taken',
    ],
    [
      'overlapping a booking',
      {},
      [busy('wanjiku', TUE, '10:20', '11:00')],
      'haircut',
      'wanjiku',
      at(TUE, '10:00'),
      'slot_taken',
    ],
    [
      'right after a booking and its buffer',
      {},
      [busy('wanjiku', TUE, '09:20', '10:00')],
      'haircut',
      'wanjiku',
      at(TUE, '10:00'),
      null,
    ],
  ] as const)('%s', (_name, over, booked, serviceId, staffId, startMs, expected) => {
    expect(checkSlot(catalog(over), [...booked], { serviceId, staffId, startMs, now: NOW })).toBe(
      expected,
    );
  });
});

describe('lastBookableDate', () => {
  it('is the horizon-th day after now, in the tenant zone', () => {
    expect(lastBookableDate(catalog(), NOW)).toBe('2026-04-01');
    const base = catalog().policy;
    expect(lastBookableDate(catalog({ policy: { ...base, horizonDays: 1 } }), NOW)).toBe(TUE);
    // 01:30 on Tuesday in Nairobi is still Monday in UTC: the tenant's date counts.
    const early = Date.parse('2026-03-03T01:30:00+03:00');
    expect(lastBookableDate(catalog({ policy: { ...base, horizonDays: 1 } }), early)).toBe(WED);
  });

  it('nothing is found past it', () => {
    expect(starts(catalog(), [], { serviceId: 'haircut', date: '2026-04-02' })).toEqual([]);
  });
});
