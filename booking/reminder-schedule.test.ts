import { describe, expect, it } from 'vitest';
import {
  outOfQuietHours,
  planReminders,
  reminderSummary,
  reminderVerdict,
  type AppointmentAtFire,
} from './reminder-schedule';

const TZ = 'Africa/Nairobi';
const at = (iso: string) => Date.parse(iso);
const quiet = { start: '21:00', end: '07:00' };
const policy = { minutesBefore: [1440, 120], quietHours: quiet, timeZone: TZ };

describe('reminder planning', () => {
  it('sets 24 h and 2 h before, keyed by appointment and offset', () => {
    const start = at('2026-03-04T15:00:00+03:00');
    expect(planReminders(start, at('2026-03-02T07:00:00+03:00'), policy, 7)).toEqual([
      { key: 'reminder:7:1440', fireAt: at('2026-03-03T15:00:00+03:00'), shifted: false },
      { key: 'reminder:7:120', fireAt: at('2026-03-04T13:00:00+03:00'), shifted: false },
    ]);
  });

  it('moves a reminder out of quiet hours to their end (across midnight and after it)', () => {
    expect(outOfQuietHours(at('2026-03-03T22:30:00+03:00'), quiet, TZ)).toBe(
      at('2026-03-04T07:00:00+03:00'),
    );
    expect(outOfQuietHours(at('2026-03-04T06:00:00+03:00'), quiet, TZ)).toBe(
      at('2026-03-04T07:00:00+03:00'),
    );
    expect(outOfQuietHours(at('2026-03-04T07:00:00+03:00'), quiet, TZ)).toBe(
      at('2026-03-04T07:00:00+03:00'),
    );
    expect(outOfQuietHours(at('2026-03-04T20:59:00+03:00'), quiet, TZ)).toBe(
      at('2026-03-04T20:59:00+03:00'),
    );
    const day = { start: '12:00', end: '14:00' };
    expect(outOfQuietHours(at('2026-03-04T13:10:00+03:00'), day, TZ)).toBe(
      at('2026-03-04T14:00:00+03:00'),
    );
  });

  it('drops reminders in the past, at or after the start, and duplicates after shifting', () => {
    const start = at('2026-03-03T08:00:00+03:00');
    // 24 h before is Mon 08:00 (fine); 2 h before is Tue 06:00, quiet -> 07:00 (still before 08:00).
    expect(planReminders(start, at('2026-03-02T07:00:00+03:00'), policy, 1)).toEqual([
      { key: 'reminder:1:1440', fireAt: at('2026-03-02T08:00:00+03:00'), shifted: false },
      { key: 'reminder:1:120', fireAt: at('2026-03-03T07:00:00+03:00'), shifted: true },
    ]);
    // Booked late: the 24 h reminder is already past.
    expect(planReminders(start, at('2026-03-02T12:00:00+03:00'), policy, 1)).toHaveLength(1);
    // An appointment inside quiet hours' end: shifting would land after it.
    const early = at('2026-03-03T06:30:00+03:00');
    const plan = planReminders(early, at('2026-03-01T12:00:00+03:00'), policy, 2);
    expect(plan.map((p) => p.key)).toEqual(['reminder:2:1440']);
    // Two offsets that land on the same instant after shifting are one reminder.
    const both = { ...policy, minutesBefore: [120, 60] };
    expect(planReminders(at('2026-03-03T07:30:00+03:00'), 0, both, 3)).toHaveLength(1);
  });

  it('no quiet hours: exactly the offsets', () => {
    const p = { ...policy, quietHours: null };
    const start = at('2026-03-03T08:00:00+03:00');
    expect(planReminders(start, 0, p, 1).map((x) => x.fireAt)).toEqual([
      at('2026-03-02T08:00:00+03:00'),
      at('2026-03-03T06:00:00+03:00'),
    ]);
  });

  it('summarises the appointment in the tenant time zone', () => {
    const s = reminderSummary(
      {
        id: 1,
        serviceId: 'haircut',
        serviceName: 'Haircut',
        staffId: 'wanjiku',
        staffName: 'Wanjiku',
        start: '2026-03-03T07:00:00Z',
        end: '2026-03-03T07:30:00Z',
        status: 'booked',
        priceKesMinor: 80000,
      },
      TZ,
    );
    expect(s).toBe('Haircut with Wanjiku, Tue 2026-03-03 at 10:00');
  });
});

describe('reminderVerdict (at fire time)', () => {
  const start = Date.parse('2026-03-03T08:00:00+03:00');
  const event = { type: 'reminder.due', appointmentId: 7, start: '2026-03-03T08:00:00+03:00' };
  const on: AppointmentAtFire = {
    status: 'booked',
    start,
    staffActive: true,
    customerOptedOut: false,
  };

  it('sends when the appointment is still on, at the same time', () => {
    expect(reminderVerdict(event, on)).toEqual({ send: true });
    expect(reminderVerdict(event, { ...on, status: 'confirmed' })).toEqual({ send: true });
    // The same instant written in another offset is the same start.
    expect(reminderVerdict({ ...event, start: '2026-03-03T05:00:00.000Z' }, on)).toEqual({
      send: true,
    });
  });

  it('drops it when the appointment was removed, cancelled, is over, or its staff is gone', () => {
    expect(reminderVerdict(event, undefined)).toEqual({ send: false, reason: 'gone' });
    expect(reminderVerdict(event, { ...on, status: 'cancelled' })).toMatchObject({
      reason: 'cancelled',
    });
    expect(reminderVerdict(event, { ...on, status: 'no_show' })).toMatchObject({ reason: 'over' });
    expect(reminderVerdict(event, { ...on, staffActive: false })).toMatchObject({
      reason: 'staff_inactive',
    });
  });

  it('drops it for a customer who opted out, and when the appointment moved', () => {
    expect(reminderVerdict(event, { ...on, customerOptedOut: true })).toMatchObject({
      reason: 'opted_out',
    });
    expect(reminderVerdict(event, { ...on, start: start + 3_600_000 })).toEqual({
      send: false,
      reason: 'moved',
    });
  });

  it('a reminder set before starts were recorded is checked for everything but the time', () => {
    const legacy = { type: 'reminder.due', appointmentId: 7 };
    expect(reminderVerdict(legacy, { ...on, start: start + 3_600_000 })).toEqual({ send: true });
    expect(reminderVerdict(legacy, { ...on, status: 'cancelled' })).toMatchObject({
      send: false,
    });
  });
});
