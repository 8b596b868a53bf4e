import { addDays, minutesOf, splitIso } from './format';
import type { Draft, ThreadContext } from './types';

/**
 * Times said relative to what the conversation already holds: "same time" (the appointment being
 * moved), "next week" after it (the same weekday a week on), "something later / earlier" (around
 * the offers already shown).
 */

/** "Next week" after "same time": the same weekday as the appointment being moved. */
export function weeksAfter(c: ThreadContext, weeks: number): string | null {
  const start = c.target?.start ?? c.chosen?.start;
  const day = start ? splitIso(start)?.date : (c.draft.date ?? undefined);
  return day ? addDays(day, 7 * weeks) : null;
}

/** "Same time": the time of the appointment being moved, else the one already asked for. */
export function sameTimeAs(c: ThreadContext): string | null {
  const start = c.target?.start ?? c.chosen?.start;
  return (start ? splitIso(start)?.time : null) ?? c.draft.time;
}

const HOUR_SHIFT_MIN = 60;

/**
 * "Something later" / "anything earlier": search around an hour past the latest offer (or
 * before the earliest), the same day; a new list, never the same one again.
 */
export function shifted(c: ThreadContext, shift: 'later' | 'earlier'): Partial<Draft> {
  const starts = c.offers.map((o) => splitIso(o.start)).filter((p) => p !== null);
  const sorted = starts.sort((a, b) => `${a.date}${a.time}`.localeCompare(`${b.date}${b.time}`));
  const base = shift === 'later' ? sorted.at(-1) : sorted[0];
  const baseMin = base ? minutesOf(base.time) : null;
  if (!base || baseMin === null) {
    return { partOfDay: shift === 'later' ? 'evening' : 'morning', time: null, flexible: false };
  }
  const minute = Math.min(
    23 * 60,
    Math.max(6 * 60, baseMin + (shift === 'later' ? HOUR_SHIFT_MIN : -HOUR_SHIFT_MIN)),
  );
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return { date: base.date, time: `${hh}:${mm}`, partOfDay: null, soonest: false, flexible: true };
}
