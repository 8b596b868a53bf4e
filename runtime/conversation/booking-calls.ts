/**
 * The runtime side of the booking calls machines make (`CallKinds` in contract/thread.ts):
 * one handler per call kind, each given the tenant, the asking thread and the time of the call.
 */
import { type CallKinds, RatibaError, type TenantSchema } from '../../contract';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Tenant } from '../tenancy/tenant-registry';
import {
  answerInquiry,
  type AppointmentScope,
  bookingPolicy,
  bookingWindow,
  cancelAppointment,
  CatalogCache,
  createAppointment,
  findSlots,
  type InquiryTenant,
  lastBookableDate,
  listAppointments,
  loadBusy,
  parseInstant,
  paymentTerms,
  refundFor,
  rescheduleAppointment,
  unavailableReason,
} from '../../booking';

export type BookingCallKind = keyof CallKinds;

export interface BookingCallContext {
  db: Database;
  schema: TenantSchema;
  tenant: Tenant;
  /** Null in an admin thread. */
  customerId: number | null;
  threadKey: string;
  /** When the call is carried out, epoch ms. */
  now: number;
}

export type BookingCallHandler<K extends BookingCallKind> = (
  ctx: BookingCallContext,
  payload: CallKinds[K]['payload'],
) => Promise<CallKinds[K]['result']>;

export type BookingCalls = { [K in BookingCallKind]: BookingCallHandler<K> };

export interface BookingCallsDeps {
  log?: Logger;
}

function startOf(iso: string): number {
  const ms = parseInstant(iso);
  if (Number.isNaN(ms)) {
    throw new RatibaError('bad_request', `start must be ISO 8601 with an offset, got ${iso}`, {
      public: true,
    });
  }
  return ms;
}

function inquiryTenant(tenant: Tenant): InquiryTenant {
  return { name: tenant.name, location: tenant.settings.location };
}

/** Creates the appointment; one that must be paid first holds its slot until paid. */
async function createHeld(
  scope: AppointmentScope,
  ctx: BookingCallContext,
  payload: CallKinds['booking.create']['payload'],
): Promise<CallKinds['booking.create']['result']> {
  const terms =
    ctx.customerId === null
      ? null
      : paymentTerms(scope.catalog, ctx.tenant.settings, payload.serviceId, ctx.now);
  const result = await createAppointment(scope, {
    serviceId: payload.serviceId,
    staffId: payload.staffId,
    startMs: startOf(payload.start),
    channel: payload.channel,
    threadKey: ctx.threadKey,
    ...(terms ? { holdUntilMs: terms.holdUntilMs } : {}),
  });
  if (result.ok && terms) result.appointment.payment = terms.payment;
  return result;
}

type Cancelled = Extract<CallKinds['booking.cancel']['result'], { ok: true }>;

/** A paid booking cancelled inside the refund policy: the thread starts the refund. */
async function withRefund(ctx: BookingCallContext, result: Cancelled): Promise<Cancelled> {
  const refund = await refundFor(ctx.db, ctx.schema, ctx.tenant.settings, {
    appointmentId: result.appointment.id,
    startMs: startOf(result.appointment.start),
    now: ctx.now,
  });
  return refund > 0 ? { ...result, refundDueMinor: refund } : result;
}

export function createBookingCalls(deps: BookingCallsDeps = {}): BookingCalls {
  const { log } = deps;
  const catalogs = new CatalogCache();
  const scopeOf = async (ctx: BookingCallContext): Promise<AppointmentScope> => {
    const window = bookingWindow(bookingPolicy(ctx.tenant.settings), ctx.now);
    const catalog = await catalogs.catalog(ctx.db, ctx.schema, ctx.tenant, window);
    return { db: ctx.db, schema: ctx.schema, catalog, customerId: ctx.customerId, now: ctx.now };
  };
  const refused = (ctx: BookingCallContext, kind: BookingCallKind, reason: string) =>
    log?.info({ tenant: ctx.tenant.slug, thread: ctx.threadKey, kind, reason }, 'booking refused');

  return {
    ...appointmentCalls(scopeOf, refused, log),
    async 'availability.search'(ctx, payload) {
      const scope = await scopeOf(ctx);
      // Past the horizon: nothing to search, and the customer is told how far ahead they can book.
      const last = lastBookableDate(scope.catalog, ctx.now);
      if (payload.date !== undefined && payload.date > last)
        return { slots: [], lastBookableDate: last };
      const window = bookingWindow(scope.catalog.policy, ctx.now);
      const busy = await loadBusy(
        ctx.db,
        ctx.schema,
        window,
        payload.excludeAppointmentId,
        ctx.now,
      );
      const search = { ...payload, now: ctx.now };
      const slots = findSlots(scope.catalog, busy, search);
      // Issue 18: what was asked and is not on offer is explained, never silently replaced.
      const unavailable = unavailableReason(scope.catalog, busy, search, slots);
      return unavailable ? { slots, unavailable } : { slots };
    },

    async 'booking.list'(ctx, payload) {
      const appointments = await listAppointments(
        {
          db: ctx.db,
          schema: ctx.schema,
          customerId: ctx.customerId,
          now: ctx.now,
          timezone: ctx.tenant.timezone,
        },
        payload.upcomingOnly,
      );
      return { appointments };
    },

    async 'inquiry.answer'(ctx, payload) {
      const [scope, knowledge] = await Promise.all([
        scopeOf(ctx),
        catalogs.knowledgeOf(ctx.db, ctx.schema, ctx.tenant, payload.language),
      ]);
      const { catalog } = scope;
      return answerInquiry(
        { catalog, knowledge, tenant: inquiryTenant(ctx.tenant), now: ctx.now },
        payload,
      );
    },
  };
}

type ScopeOf = (ctx: BookingCallContext) => Promise<AppointmentScope>;

/** The calls that change appointments: create, cancel, reschedule. */
function appointmentCalls(
  scopeOf: ScopeOf,
  refused: (ctx: BookingCallContext, kind: BookingCallKind, reason: string) => void,
  log: Logger | undefined,
): Pick<BookingCalls, 'booking.create' | 'booking.cancel' | 'booking.reschedule'> {
  return {
    async 'booking.create'(ctx, payload) {
      const result = await createHeld(await scopeOf(ctx), ctx, payload);
      if (result.ok) {
        log?.info(
          { tenant: ctx.tenant.slug, thread: ctx.threadKey, appointment: result.appointment.id },
          'appointment booked',
        );
      } else refused(ctx, 'booking.create', result.reason);
      return result;
    },

    async 'booking.cancel'(ctx, payload) {
      const result = await cancelAppointment(await scopeOf(ctx), payload.appointmentId);
      if (!result.ok) refused(ctx, 'booking.cancel', result.reason);
      return result.ok ? withRefund(ctx, result) : result;
    },

    async 'booking.reschedule'(ctx, payload) {
      const result = await rescheduleAppointment(await scopeOf(ctx), {
        appointmentId: payload.appointmentId,
        startMs: startOf(payload.start),
        staffId: payload.staffId || null,
        threadKey: ctx.threadKey,
      });
      if (!result.ok) refused(ctx, 'booking.reschedule', result.reason);
      return result;
    },
  };
}
