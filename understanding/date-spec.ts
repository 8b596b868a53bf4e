import { addDays, type CivilDate, compareDates, isValidDate, type ZonedNow } from './calendar';

/**
 * A date as the customer said it, before it is pinned to the calendar. The English (chrono) and
 * Swahili rules both produce these, and `resolveDate` applies one policy to both:
 *
 * - `weekday` + `bare` ("Friday", "Ijumaa"): the next occurrence after today. Today counts only
 *   when the message also gives a time still ahead today ("Wednesday 3pm" said on a Wednesday
 *   morning is today; "Wednesday" alone, or "Wednesday 9am" at 10:00, is next week). People who
 *   mean today usually say "today" / "leo".
 * - `weekday` + `this` ("this Friday", "Ijumaa hii"): this week's day if it is today or later,
 *   else the next occurrence.
 * - `weekday` + `next` ("next Friday", "Ijumaa ijayo", "Friday next week"): that day in the next
 *   calendar week (weeks start on Monday). On a Wednesday, "next Friday" is nine days away and
 *   "next Monday" five.
 * - `nextWeek` ("next week", "wiki ijayo"): the Monday of the next calendar week.
 * - `dayOfMonth` ("tarehe 15", "15/12", "on the 15th"): the next such day from today (this year
 *   or the next, this month or a later one); an explicit year is kept as given.
 */
export type DateSpec =
  | { kind: 'offset'; days: number }
  | { kind: 'weekday'; weekday: number; mode: 'bare' | 'this' | 'next' }
  | { kind: 'nextWeek' }
  | { kind: 'dayOfMonth'; day: number; month?: number; year?: number }
  | { kind: 'absolute'; date: CivilDate };

export interface FoundDate {
  spec: DateSpec;
  /** Word index where it was found (the earliest mention wins). */
  at: number;
}

/** Monday-based day number: Monday 0 ... Sunday 6. */
const mondayBased = (weekday: number) => (weekday + 6) % 7;

export function resolveDate(
  spec: DateSpec,
  now: ZonedNow,
  timeMinute: number | undefined,
): CivilDate | undefined {
  const { today } = now;
  switch (spec.kind) {
    case 'offset':
      return addDays(today, spec.days);
    case 'absolute':
      return isValidDate(spec.date) ? spec.date : undefined;
    case 'nextWeek':
      return addDays(today, 7 - mondayBased(now.weekday));
    case 'weekday': {
      const ahead = (spec.weekday - now.weekday + 7) % 7;
      if (spec.mode === 'next') {
        return addDays(today, 7 - mondayBased(now.weekday) + mondayBased(spec.weekday));
      }
      if (ahead > 0) return addDays(today, ahead);
      const timeAhead = timeMinute !== undefined && timeMinute > now.minuteOfDay;
      return spec.mode === 'this' || timeAhead ? today : addDays(today, 7);
    }
    case 'dayOfMonth':
      return resolveDayOfMonth(spec, today);
  }
}

function resolveDayOfMonth(
  spec: { day: number; month?: number; year?: number },
  today: CivilDate,
): CivilDate | undefined {
  if (spec.year !== undefined && spec.month !== undefined) {
    const date = { year: spec.year, month: spec.month, day: spec.day };
    return isValidDate(date) ? date : undefined;
  }
  for (let k = 0; k < 24; k += 1) {
    const monthIndex = today.month - 1 + k;
    const date = {
      year: today.year + Math.floor(monthIndex / 12),
      month: spec.month ?? (monthIndex % 12) + 1,
      day: spec.day,
    };
    if (spec.month !== undefined) date.year = today.year + k;
    if (isValidDate(date) && compareDates(date, today) >= 0) return date;
    if (spec.month !== undefined && k >= 8) break; // no 29 February for eight years: give up
  }
  return undefined;
}
