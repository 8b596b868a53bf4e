/**
 * Creating, cancelling, rescheduling and listing appointments. The database has the last word
 * on double booking: its exclusion constraint refuses an overlap (SQLSTATE 23P01), which
 * becomes `slot_taken` with the nearest free alternatives. A null customer id is the owner's
 * admin thread: it may act on any appointment and is not bound by the cancel/reschedule cutoff
 * (only by the appointment not having started).
 */
import {
  type AppointmentSummary,
  type CallKinds,
  type ChannelName,
  RatibaError,
  type Queryable,
  type Transactional,
  type Slot,
  type TenantSchema,
} from '../contract';
import {
  ACTIVE_STATUSES,
  HELD_STATUSES,
  appointmentStaff,
  insertAppointment,
  listForCustomer,
  loadBusy,
  lockAppointment,
  lockStaffSchedules,
  markCancelled,
  toSummary,
} from './appointment-repo';
import { expireHolds, expireOpenPayments } from './payments/hold-repo';
import { paymentsOfAppointments } from './payments/booking-payments';
import { activeService, checkSlot, DEFAULT_SLOT_LIMIT, findSlots } from './availability';
import { bookingWindow } from './catalog-repo';
import type { Catalog } from './types';
import { epochToWall, formatMinutes, MINUTE_MS } from './wall-clock';

type CreateResult = CallKinds['booking.create']['result'];
type CancelResult = CallKinds['booking.cancel']['result'];
type RescheduleResult = CallKinds['booking.reschedule']['result'];

/** Where the appointments live and who is asking. */
export interface AppointmentScope {
  db: Transactional;
  schema: TenantSchema;
  catalog: Catalog;
  customerId: number | null;
  now: number;
}

const sqlState = (err: unknown) => (err as { code?: unknown } | null)?.code;

export function isExclusionViolation(err: unknown): boolean {
  return sqlState(err) === '23P01';
}

const WRITE_ATTEMPTS = 4;

/**
 * Runs a booking transaction, again when Postgres broke a deadlock by aborting it (40P01).
 * Writers take the staff schedule locks first so this should not happen; if it does, the retry
 * either gets the slot (the other transaction rolled back) or a clean 23P01.
 */
async function bookingTransaction<T>(
  db: Transactional,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      if (sqlState(err) !== '40P01' || attempt >= WRITE_ATTEMPTS) throw err;
    }
  }
}

/**
 * The free slots nearest to a start that could not be had: the same staff member first, then
 * anyone who does the service; the soonest slots when nothing is free around that day.
 */
export async function alternativesFor(
  scope: AppointmentScope,
  request: { serviceId: string; staffId: string; startMs: number; excludeAppointmentId?: number },
): Promise<Slot[]> {
  const { catalog, now } = scope;
  const busy = await loadBusy(
    scope.db,
    scope.schema,
    bookingWindow(catalog.policy, now),
    request.excludeAppointmentId,
    now,
  );
  const wall = epochToWall(request.startMs, catalog.timezone);
  const near = { date: wall.date, time: formatMinutes(wall.minutes) };
  const base = { serviceId: request.serviceId, now, limit: DEFAULT_SLOT_LIMIT };
  const slots = findSlots(catalog, busy, { ...base, ...near, staffId: request.staffId });
  if (slots.length < DEFAULT_SLOT_LIMIT) {
    const key = (s: Slot) => `${s.start}|${s.staffId}`;
    const seen = new Set(slots.map(key));
    const anyone = findSlots(catalog, busy, { ...base, ...near, staffId: null });
    slots.push(
      ...anyone.filter((s) => !seen.has(key(s))).slice(0, DEFAULT_SLOT_LIMIT - slots.length),
    );
  }
  return slots.length > 0 ? slots : findSlots(catalog, busy, { ...base, staffId: null });
}

export interface CreateRequest {
  serviceId: string;
  staffId: string;
  startMs: number;
  channel: ChannelName;
  threadKey: string | null;
  /** Hold the slot until paid (payments policy): `pending_payment` until this instant. */
  holdUntilMs?: number;
}

export async function createAppointment(
  scope: AppointmentScope,
  request: CreateRequest,
): Promise<CreateResult> {
  const { catalog, customerId, now } = scope;
  const service = activeService(catalog, request.serviceId);
  if (!service) {
    throw new RatibaError('bad_request', `no active service ${request.serviceId}`, {
      public: true,
    });
  }
  if (customerId === null) {
    throw new RatibaError('bad_request', 'booking.create needs a customer', { public: true });
  }
  // Appointments are left to the database; hours, blocks, lead time and horizon are checked here.
  const problem = checkSlot(catalog, [], { ...request, now });
  if (problem) {
    return { ok: false, reason: problem, alternatives: await alternativesFor(scope, request) };
  }
  const endMs = request.startMs + service.durationMin * MINUTE_MS;
  try {
    const created = await bookingTransaction(scope.db, async (tx) => {
      await lockStaffSchedules(tx, scope.schema, [request.staffId]);
      // A hold past its expiry no longer keeps anyone from this staff member's time.
      await expireHolds(tx, scope.schema, { now, staffIds: [request.staffId] });
      return insertAppointment(tx, scope.schema, {
        customerId,
        staffId: request.staffId,
        serviceId: service.id,
        startMs: request.startMs,
        endMs,
        bufferEndMs: endMs + service.bufferMin * MINUTE_MS,
        status: request.holdUntilMs !== undefined ? 'pending_payment' : 'booked',
        ...(request.holdUntilMs !== undefined ? { holdExpiresMs: request.holdUntilMs } : {}),
        sourceChannel: request.channel,
        priceKesMinor: service.priceKesMinor,
        threadKey: request.threadKey,
        rescheduledFrom: null,
      });
    });
    return { ok: true, appointment: toSummary(created, catalog.timezone) };
  } catch (err) {
    if (!isExclusionViolation(err)) throw err;
    return { ok: false, reason: 'slot_taken', alternatives: await alternativesFor(scope, request) };
  }
}

/** Minutes before the start inside which the asker may no longer change an appointment. */
function cutoffMin(scope: AppointmentScope, policyMin: number): number {
  return scope.customerId === null ? 0 : policyMin;
}

export async function cancelAppointment(
  scope: AppointmentScope,
  appointmentId: number,
): Promise<CancelResult> {
  const { catalog, now } = scope;
  return scope.db.transaction(async (tx): Promise<CancelResult> => {
    const a = await lockAppointment(tx, scope.schema, appointmentId, scope.customerId);
    if (!a) return { ok: false, reason: 'not_found' };
    if (a.status === 'cancelled') return { ok: false, reason: 'already_cancelled' };
    const cutoff = cutoffMin(scope, catalog.policy.cancelCutoffMin);
    if (!HELD_STATUSES.includes(a.status) || a.startMs - now < cutoff * MINUTE_MS) {
      return { ok: false, reason: 'past_cutoff' };
    }
    await markCancelled(tx, scope.schema, a.id, now);
    // A prompt still open on the customer's phone no longer pays for anything.
    if (a.status === 'pending_payment') await expireOpenPayments(tx, scope.schema, [a.id], now);
    return { ok: true, appointment: toSummary({ ...a, status: 'cancelled' }, catalog.timezone) };
  });
}

export interface RescheduleRequest {
  appointmentId: number;
  startMs: number;
  /** Null keeps the appointment's staff member. */
  staffId: string | null;
  threadKey: string | null;
}

/**
 * Moves an active appointment: the old row is cancelled and a new one (same customer, service,
 * price and status, `rescheduled_from` the old one) inserted in one transaction, so the old
 * time never blocks the new one and a refused new time leaves the old appointment as it was.
 */
export async function rescheduleAppointment(
  scope: AppointmentScope,
  request: RescheduleRequest,
): Promise<RescheduleResult> {
  const { catalog, now } = scope;
  let wanted: { serviceId: string; staffId: string } | undefined;
  try {
    const outcome = await bookingTransaction(scope.db, async (tx) => {
      const oldStaff = await appointmentStaff(tx, scope.schema, request.appointmentId);
      if (oldStaff === undefined) return 'not_found' as const;
      await lockStaffSchedules(tx, scope.schema, [oldStaff, request.staffId ?? oldStaff]);
      await expireHolds(tx, scope.schema, { now, staffIds: [request.staffId ?? oldStaff] });
      const old = await lockAppointment(tx, scope.schema, request.appointmentId, scope.customerId);
      if (!old || !ACTIVE_STATUSES.includes(old.status)) return 'not_found' as const;
      const cutoff = cutoffMin(scope, catalog.policy.rescheduleCutoffMin);
      if (old.startMs - now < cutoff * MINUTE_MS) return 'past_cutoff' as const;
      wanted = { serviceId: old.serviceId, staffId: request.staffId ?? old.staffId };
      const service = activeService(catalog, old.serviceId);
      if (!service || checkSlot(catalog, [], { ...wanted, startMs: request.startMs, now })) {
        return 'slot_taken' as const;
      }
      await markCancelled(tx, scope.schema, old.id, now);
      const endMs = request.startMs + service.durationMin * MINUTE_MS;
      return insertAppointment(tx, scope.schema, {
        customerId: old.customerId,
        staffId: wanted.staffId,
        serviceId: old.serviceId,
        startMs: request.startMs,
        endMs,
        bufferEndMs: endMs + service.bufferMin * MINUTE_MS,
        status: old.status === 'confirmed' ? 'confirmed' : 'booked',
        sourceChannel: old.sourceChannel,
        priceKesMinor: old.priceKesMinor,
        threadKey: old.threadKey ?? request.threadKey,
        rescheduledFrom: old.id,
      });
    });
    if (typeof outcome === 'object') {
      return { ok: true, appointment: toSummary(outcome, catalog.timezone) };
    }
    if (outcome !== 'slot_taken' || !wanted)
      return { ok: false, reason: outcome, alternatives: [] };
  } catch (err) {
    if (!isExclusionViolation(err) || !wanted) throw err;
  }
  const alternatives = await alternativesFor(scope, {
    ...wanted,
    startMs: request.startMs,
    excludeAppointmentId: request.appointmentId,
  });
  return { ok: false, reason: 'slot_taken', alternatives };
}

export async function listAppointments(
  scope: Omit<AppointmentScope, 'catalog'> & { timezone: string },
  upcomingOnly: boolean,
): Promise<AppointmentSummary[]> {
  if (scope.customerId === null) return [];
  const rows = await listForCustomer(scope.db, scope.schema, scope.customerId, {
    upcomingOnly,
    now: scope.now,
  });
  const ids = rows.map((a) => a.id);
  const money = await paymentsOfAppointments(scope.db, scope.schema, ids, scope.timezone);
  return rows.map((a) => {
    const payment = money.get(a.id);
    return { ...toSummary(a, scope.timezone), ...(payment ? { payment } : {}) };
  });
}
