/**
 * Why the day or time a customer asked for is not among the slots a search found, so the
 * conversation can say it ("we're closed on Fri 25 Dec for Christmas", "8:00 pm is outside our
 * opening hours", "11:00 am is already taken") before offering other times. Pure, like
 * availability: the catalog, the busy intervals and `now` arrive as arguments.
 */
import type { Slot, Unavailable } from '../contract';
import {
  activeService,
  checkSlot,
  PART_OF_DAY_WINDOWS,
  qualifiedStaff,
  type SlotProblem,
  type SlotSearch,
} from './availability';
import { spansWithExtras } from './extra-hours';
import type { BusyInterval, Catalog, CatalogStaff } from './types';
import { epochToWall, isDate, isTime, parseMinutes, wallToEpoch, weekdayOf } from './wall-clock';

const REASON: Record<SlotProblem, Unavailable['reason']> = {
  outside_hours: 'outside_hours',
  too_soon: 'too_soon',
  too_far: 'too_soon',
  slot_taken: 'taken',
};

/** Problems in the order they explain a refusal best: one staff member busy means "taken". */
const PRIORITY: readonly SlotProblem[] = ['slot_taken', 'too_soon', 'outside_hours', 'too_far'];

function offered(slots: readonly Slot[], date: string, time: string | undefined): boolean {
  return slots.some(
    (s) => s.start.slice(0, 10) === date && (!time || s.start.slice(11, 16) === time),
  );
}

/** The staff member's hours that day, with the extra hours the owner opened. */
const hoursOf = (catalog: Catalog, staff: CatalogStaff, date: string) =>
  spansWithExtras(
    catalog.holidays.some((h) => h.date === date)
      ? []
      : ((staff.hours ?? catalog.hours)[weekdayOf(date)] ?? []),
    catalog.extraHours,
    staff.id,
    date,
    catalog.timezone,
  );

/**
 * The reason, or undefined when what was asked is on offer, no date was asked, or the service or
 * its staff are unknown (the search found nothing to explain).
 */
export function unavailableReason(
  catalog: Catalog,
  busy: readonly BusyInterval[],
  search: SlotSearch,
  slots: readonly Slot[],
): Unavailable | undefined {
  const date = search.date !== undefined && isDate(search.date) ? search.date : undefined;
  const time = search.time !== undefined && isTime(search.time) ? search.time : undefined;
  if (date === undefined || offered(slots, date, time)) return undefined;
  if (date < epochToWall(search.now, catalog.timezone).date) return undefined;
  const service = activeService(catalog, search.serviceId);
  const staff = qualifiedStaff(catalog, search.serviceId, search.staffId);
  if (!service || staff.length === 0) return undefined;
  const holiday = catalog.holidays.find((h) => h.date === date);
  const opened = staff.some((s) => hoursOf(catalog, s, date).length > 0);
  if (holiday && !opened)
    return holiday.name ? { reason: 'holiday', holiday: holiday.name } : { reason: 'holiday' };
  if (!opened) return { reason: 'closed' };

  if (time !== undefined) {
    const startMs = wallToEpoch(date, parseMinutes(time), catalog.timezone);
    const problems = staff
      .map((s) =>
        checkSlot(catalog, busy, {
          serviceId: service.id,
          staffId: s.id,
          startMs,
          now: search.now,
        }),
      )
      .filter((p): p is SlotProblem => p !== null);
    if (problems.length < staff.length) return { reason: 'taken' }; // free, but past the limit
    const worst = PRIORITY.find((p) => problems.includes(p)) ?? 'slot_taken';
    return { reason: REASON[worst] };
  }

  // A day, or a part of it: outside the hours when no staff member works in that window, too
  // soon when the window is over today, else everything in it is taken.
  const window = search.partOfDay ? PART_OF_DAY_WINDOWS[search.partOfDay] : undefined;
  if (window) {
    const works = staff.some((s) =>
      hoursOf(catalog, s, date).some(
        (span) =>
          span.openMin < window.closeMin &&
          window.openMin < span.closeMin &&
          span.closeMin - Math.max(span.openMin, window.openMin) >= service.durationMin,
      ),
    );
    if (!works) return { reason: 'outside_hours' };
  }
  const today = epochToWall(search.now, catalog.timezone).date;
  if (date === today) {
    const leadEnd = search.now + catalog.policy.leadTimeMin * 60_000;
    const lastStart = Math.max(
      ...staff.flatMap((s) =>
        hoursOf(catalog, s, date).map((span) =>
          wallToEpoch(
            date,
            Math.min(span.closeMin, window?.closeMin ?? span.closeMin) - service.durationMin,
            catalog.timezone,
          ),
        ),
      ),
    );
    if (lastStart < leadEnd) return { reason: 'too_soon' };
  }
  return { reason: 'taken' };
}
