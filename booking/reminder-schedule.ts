import type { AppointmentSummary } from '../contract';
import { shortDayName } from './booking-text';
import { addDays, epochToWall, formatMinutes, parseMinutes, wallToEpoch } from './wall-clock';

export interface ReminderPolicy {
  /** Minutes before the appointment, e.g. [1440, 120]. */
  minutesBefore: number[];
  /** Local wall-clock times, HH:MM; the span may cross midnight (21:00-07:00). */
  quietHours: { start: string; end: string } | null;
  timeZone: string;
}

export interface PlannedReminder {
  /** Timer key: `reminder:<appointmentId>:<minutesBefore>`. */
  key: string;
  fireAt: number;
  /** True when the reminder was moved out of quiet hours. */
  shifted: boolean;
}

export const reminderKeyPrefix = (appointmentId: number) => `reminder:${appointmentId}:`;

/**
 * When the reminders of an appointment go out: `minutesBefore` each, but never in quiet hours
 * (moved to the end of them) and never in the past or at/after the appointment itself; two
 * reminders that land on the same instant are one.
 */
export function planReminders(
  start: number,
  now: number,
  p: ReminderPolicy,
  appointmentId: number,
) {
  const planned: PlannedReminder[] = [];
  const seen = new Set<number>();
  for (const m of [...new Set(p.minutesBefore)].sort((a, b) => b - a)) {
    const due = start - m * 60_000;
    const fireAt = p.quietHours ? outOfQuietHours(due, p.quietHours, p.timeZone) : due;
    if (fireAt <= now || fireAt >= start || seen.has(fireAt)) continue;
    seen.add(fireAt);
    planned.push({
      key: `${reminderKeyPrefix(appointmentId)}${m}`,
      fireAt,
      shifted: fireAt !== due,
    });
  }
  return planned;
}

/** `at`, or the end of the quiet hours `at` falls in. */
export function outOfQuietHours(
  at: number,
  quiet: { start: string; end: string },
  timeZone: string,
): number {
  const start = parseMinutes(quiet.start);
  const end = parseMinutes(quiet.end);
  if (start === end) return at;
  const wall = epochToWall(at, timeZone);
  const t = wall.minutes;
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? t >= start || t < end : t >= start && t < end;
  if (!inside) return at;
  // The end of this quiet span: later today, or tomorrow when it started before midnight.
  const endDate = crossesMidnight && t >= start ? addDays(wall.date, 1) : wall.date;
  return wallToEpoch(endDate, end, timeZone);
}

/** "Haircut with Wanjiku, Tue 2026-03-03 at 10:00" (the thread's reminder wraps it). */
export function reminderSummary(a: AppointmentSummary, timeZone: string): string {
  const wall = epochToWall(Date.parse(a.start), timeZone);
  return `${a.serviceName} with ${a.staffName}, ${shortDayName(wall.weekday, 'en')} ${wall.date} at ${formatMinutes(wall.minutes)}`;
}

/** An appointment as it stands when one of its reminders is due (read in the firing transaction). */
export interface AppointmentAtFire {
  status: AppointmentSummary['status'];
  /** Epoch ms. */
  start: number;
  staffActive: boolean;
  customerOptedOut: boolean;
}

export type ReminderDropReason =
  | 'gone'
  | 'opted_out'
  | 'cancelled'
  | 'over'
  | 'staff_inactive'
  /** Moved to another time outside the thread: this reminder is stale. */
  | 'moved';

export type ReminderVerdict = { send: true } | { send: false; reason: ReminderDropReason };

/**
 * Whether a due reminder still goes out. Appointments change outside the thread (an operator in
 * the console, SQL, a staff member removed from the tenant file), and the thread would remind of
 * whatever it booked: so the timer's event is checked against the appointment at fire time.
 * `event.start` is the start the reminder was planned for (absent on reminders set before it was
 * recorded: those are only checked for status, staff and opt-out).
 */
export function reminderVerdict(
  event: Record<string, unknown>,
  a: AppointmentAtFire | undefined,
): ReminderVerdict {
  if (!a) return { send: false, reason: 'gone' };
  if (a.customerOptedOut) return { send: false, reason: 'opted_out' };
  if (a.status === 'cancelled') return { send: false, reason: 'cancelled' };
  if (a.status !== 'booked' && a.status !== 'confirmed') return { send: false, reason: 'over' };
  if (!a.staffActive) return { send: false, reason: 'staff_inactive' };
  if (typeof event.start === 'string' && Date.parse(event.start) !== a.start)
    return { send: false, reason: 'moved' };
  return { send: true };
}
