/**
 * Free slots for a service, computed purely from the catalog and the time already taken
 * (appointments and blocks). No I/O and no clock: `now` arrives in the search.
 *
 * A slot for staff member S at T is free when T lies inside S's hours that day (their own week,
 * else the business hours), the service ends by the span's close (the clean-up buffer may run
 * past it), the day is no holiday, [T, end) meets no block, and [T, end + buffer) meets no
 * active appointment's [start, buffer end) -- the same test as the database's exclusion
 * constraint, so a slot offered here is one the database accepts.
 */
import type { CallKinds, PartOfDay, Slot } from '../contract';
import { pickSlots, selectionMode, type Candidate } from './slot-selection';
import type { BusyInterval, Catalog, CatalogService, CatalogStaff, Span } from './types';
import {
  addDays,
  DAY_MS,
  epochToWall,
  isDate,
  isTime,
  MINUTE_MS,
  parseMinutes,
  toIsoInZone,
  wallToEpoch,
  weekdayOf,
} from './wall-clock';

export const DEFAULT_SLOT_LIMIT = 3;

/** Wall-clock windows of the parts of a day, [open, close) on the start time. */
export const PART_OF_DAY_WINDOWS: Readonly<Record<PartOfDay, Span>> = {
  morning: { openMin: 7 * 60, closeMin: 12 * 60 },
  afternoon: { openMin: 12 * 60, closeMin: 17 * 60 },
  evening: { openMin: 17 * 60, closeMin: 21 * 60 },
  night: { openMin: 19 * 60, closeMin: 24 * 60 },
};
const WHOLE_DAY: Span = { openMin: 0, closeMin: 24 * 60 };

/** A search as the machine asks it (`availability.search`), at the instant `now` (epoch ms). */
export type SlotSearch = Omit<
  CallKinds['availability.search']['payload'],
  'excludeAppointmentId'
> & {
  now: number;
};

export type SlotProblem = 'outside_hours' | 'too_soon' | 'too_far' | 'slot_taken';

/** What one search or check knows: the catalog, indexed, and the bounds of `now`'s policy. */
interface Context {
  catalog: Catalog;
  service: CatalogService;
  earliestMs: number;
  latestMs: number;
  holidays: Set<string>;
  busy: Map<string, BusyInterval[]>;
}

export function activeService(catalog: Catalog, serviceId: string): CatalogService | undefined {
  return catalog.services.find((s) => s.id === serviceId && s.active);
}

/** Active staff who do the service, in catalog order; only `staffId` when one is named. */
export function qualifiedStaff(
  catalog: Catalog,
  serviceId: string,
  staffId: string | null,
): CatalogStaff[] {
  return catalog.staff.filter(
    (s) => s.active && s.serviceIds.includes(serviceId) && (staffId === null || s.id === staffId),
  );
}

function context(
  catalog: Catalog,
  service: CatalogService,
  busy: readonly BusyInterval[],
  now: number,
): Context {
  const byStaff = new Map<string, BusyInterval[]>();
  for (const b of busy) {
    const list = byStaff.get(b.staffId) ?? [];
    list.push(b);
    byStaff.set(b.staffId, list);
  }
  return {
    catalog,
    service,
    earliestMs: now + catalog.policy.leadTimeMin * MINUTE_MS,
    latestMs: horizonEndMs(catalog, now),
    holidays: new Set(catalog.holidays.map((h) => h.date)),
    busy: byStaff,
  };
}

function spansOf(ctx: Context, staff: CatalogStaff, date: string): Span[] {
  if (ctx.holidays.has(date)) return [];
  return (staff.hours ?? ctx.catalog.hours)[weekdayOf(date)] ?? [];
}

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number) =>
  aStart < bEnd && bStart < aEnd;

/** Why staff member `staff` cannot start the service at `startMs` (hours aside), if they cannot. */
function conflict(ctx: Context, staff: CatalogStaff, startMs: number): 'slot_taken' | null {
  const endMs = startMs + ctx.service.durationMin * MINUTE_MS;
  const bufferEndMs = endMs + ctx.service.bufferMin * MINUTE_MS;
  const blocked = ctx.catalog.blocks.some(
    (b) =>
      (b.staffId === null || b.staffId === staff.id) &&
      overlaps(startMs, endMs, b.startMs, b.endMs),
  );
  const booked = (ctx.busy.get(staff.id) ?? []).some((b) =>
    overlaps(startMs, bufferEndMs, b.startMs, b.endMs),
  );
  return blocked || booked ? 'slot_taken' : null;
}

/** The span of the staff member's hours on `date` the service fits in when it starts at `startMs`. */
function fitsHours(ctx: Context, staff: CatalogStaff, date: string, startMs: number): boolean {
  const endMs = startMs + ctx.service.durationMin * MINUTE_MS;
  const tz = ctx.catalog.timezone;
  return spansOf(ctx, staff, date).some(
    (s) =>
      wallToEpoch(date, s.openMin, tz) <= startMs && endMs <= wallToEpoch(date, s.closeMin, tz),
  );
}

/**
 * Checks one requested start (booking.create, reschedule): null when the staff member can take
 * it. Appointments in `busy` make it 'slot_taken'; the database has the last word on those.
 */
export function checkSlot(
  catalog: Catalog,
  busy: readonly BusyInterval[],
  request: { serviceId: string; staffId: string; startMs: number; now: number },
): SlotProblem | null {
  const service = activeService(catalog, request.serviceId);
  const staff = qualifiedStaff(catalog, request.serviceId, request.staffId)[0];
  if (!service || !staff) return 'outside_hours';
  const ctx = context(catalog, service, busy, request.now);
  if (request.startMs < ctx.earliestMs) return 'too_soon';
  if (request.startMs > ctx.latestMs) return 'too_far';
  const { date } = epochToWall(request.startMs, catalog.timezone);
  if (!fitsHours(ctx, staff, date, request.startMs)) return 'outside_hours';
  return conflict(ctx, staff, request.startMs);
}

/** Minutes of the day the staff member has booked (prefers the least busy for "anyone"). */
function loadOn(ctx: Context, staffId: string, dayStartMs: number, dayEndMs: number): number {
  return (ctx.busy.get(staffId) ?? [])
    .filter((b) => overlaps(b.startMs, b.endMs, dayStartMs, dayEndMs))
    .reduce((sum, b) => sum + (b.endMs - b.startMs), 0);
}

/** Every free start on `date` inside `window`, one per start time, in time order. */
function dayCandidates(
  ctx: Context,
  staffList: CatalogStaff[],
  date: string,
  window: Span,
  extraMinutes: readonly number[],
): Candidate[] {
  const tz = ctx.catalog.timezone;
  const { durationMin } = ctx.service;
  const step = ctx.catalog.policy.slotStepMin;
  const dayStartMs = wallToEpoch(date, 0, tz);
  const dayEndMs = wallToEpoch(date, 24 * 60, tz);
  const byStart = new Map<number, Candidate & { load: number }>();
  for (const staff of staffList) {
    const load = loadOn(ctx, staff.id, dayStartMs, dayEndMs);
    for (const span of spansOf(ctx, staff, date)) {
      const closeMs = wallToEpoch(date, span.closeMin, tz);
      const minutes = new Set<number>(extraMinutes);
      for (let m = span.openMin; m + durationMin <= span.closeMin; m += step) minutes.add(m);
      for (const minute of minutes) {
        if (minute < span.openMin || minute < window.openMin || minute >= window.closeMin) continue;
        const startMs = wallToEpoch(date, minute, tz);
        if (startMs < ctx.earliestMs || startMs > ctx.latestMs) continue;
        if (startMs + durationMin * MINUTE_MS > closeMs) continue;
        if (conflict(ctx, staff, startMs)) continue;
        const seen = byStart.get(startMs);
        if (!seen || load < seen.load) byStart.set(startMs, { startMs, minute, date, staff, load });
      }
    }
  }
  return [...byStart.values()].sort((a, b) => a.startMs - b.startMs);
}

function toSlot(ctx: Context, c: Candidate): Slot {
  const tz = ctx.catalog.timezone;
  return {
    start: toIsoInZone(c.startMs, tz),
    end: toIsoInZone(c.startMs + ctx.service.durationMin * MINUTE_MS, tz),
    staffId: c.staff.id,
    staffName: c.staff.name,
    serviceId: ctx.service.id,
  };
}

/** The latest instant a booking made at `now` may start: the horizon's end. */
const horizonEndMs = (catalog: Catalog, now: number) => now + catalog.policy.horizonDays * DAY_MS;

/** The last date (tenant's zone) a booking made at `now` may fall on. */
export function lastBookableDate(catalog: Catalog, now: number): string {
  return epochToWall(horizonEndMs(catalog, now), catalog.timezone).date;
}

/**
 * The free slots nearest to what was asked, at most `limit`:
 * - a date and a time: that exact slot first when free, then the nearest times that day, then
 *   the nearest times on the following days;
 * - a date and/or a part of the day, no time: slots spread over the day (or that part of it),
 *   moving on to the following days when the day is full;
 * - nothing: the soonest slots, at least an hour apart.
 * A date in the past searches from today; one beyond the horizon finds nothing.
 */
export function findSlots(
  catalog: Catalog,
  busy: readonly BusyInterval[],
  search: SlotSearch,
): Slot[] {
  const limit = Math.max(0, Math.floor(search.limit ?? DEFAULT_SLOT_LIMIT));
  const service = activeService(catalog, search.serviceId);
  if (!service || limit === 0) return [];
  const staffList = qualifiedStaff(catalog, service.id, search.staffId);
  if (staffList.length === 0) return [];
  const ctx = context(catalog, service, busy, search.now);
  const tz = catalog.timezone;
  const date = search.date !== undefined && isDate(search.date) ? search.date : undefined;
  const time = search.time !== undefined && isTime(search.time) ? search.time : undefined;
  const targetMin = time === undefined ? undefined : parseMinutes(time);
  const window =
    targetMin === undefined && search.partOfDay ? PART_OF_DAY_WINDOWS[search.partOfDay] : WHOLE_DAY;
  const mode = selectionMode({
    targetMin,
    spread: date !== undefined || search.partOfDay !== undefined,
    minGapMs: Math.max(60, catalog.policy.slotStepMin) * MINUTE_MS,
  });

  const today = epochToWall(search.now, tz).date;
  const lastDay = epochToWall(ctx.latestMs, tz).date;
  const picked: Candidate[] = [];
  const first = date !== undefined && date > today ? date : today;
  for (let day = first; day <= lastDay && picked.length < limit; day = addDays(day, 1)) {
    const extra = targetMin === undefined ? [] : [targetMin];
    const candidates = dayCandidates(ctx, staffList, day, window, extra);
    picked.push(...pickSlots(candidates, mode, limit - picked.length, picked.at(-1)));
  }
  return picked.map((c) => toSlot(ctx, c));
}
