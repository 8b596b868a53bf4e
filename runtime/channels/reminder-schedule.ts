import type { AppointmentSummary } from '../../machines';
import { shortDayName } from '../booking/booking-text';
import {
  addDays,
  epochToWall,
  formatMinutes,
  parseMinutes,
  wallToEpoch,
} from '../booking/wall-clock';

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
