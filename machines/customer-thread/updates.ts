import type { Slot } from '../../contract';
import { amountToPay, knownService, staffDoes, staffFor } from './catalog';
import { localDate, minutesOf, splitIso } from './format';
import { matchAppointment, matchOffer } from './match';
import { okAppointment, readSlots, readUpcoming, resultOf } from './results';
import { readMessage } from './said';
import type { CustomerThreadEvent, Draft, ThreadContext } from './types';

/**
 * Context updates, as plain functions of (context, event) returning the changed fields. The
 * machine applies them with one parameterized `assign` (`{ type: 'update', params: { fn } }`).
 */

type Update = (c: ThreadContext, e: CustomerThreadEvent) => Partial<ThreadContext>;

export const EMPTY_DRAFT: Draft = {
  serviceId: null,
  staffId: null,
  staffChosen: false,
  date: null,
  time: null,
  partOfDay: null,
  soonest: false,
};

/** The add-on slot a search returned: same staff, same day, starting within 30 min of the end. */
export function addOnSlot(c: ThreadContext, e: CustomerThreadEvent): Slot | null {
  const booked = c.booked;
  const slots = readSlots(resultOf(e, 'availability.search')?.slots);
  const end = booked ? splitIso(booked.end) : null;
  const endMin = end ? minutesOf(end.time) : null;
  if (!booked || !slots || !end || endMin === null) return null;
  return (
    slots.find((s) => {
      const p = splitIso(s.start);
      const m = p ? minutesOf(p.time) : null;
      return (
        s.staffId === booked.staffId &&
        p?.date === end.date &&
        m !== null &&
        m >= endMin &&
        m <= endMin + 30
      );
    }) ?? null
  );
}

/** Merges what the message says into the booking draft. */
function absorbInto(c: ThreadContext, e: CustomerThreadEvent): Draft {
  if (e.type !== 'message') return c.draft;
  const s = readMessage(e);
  const d: Draft = { ...c.draft };
  const tap = s.tap;
  const serviceId =
    tap?.kind === 'svc' ? tap.serviceId : s.serviceIds.find((id) => knownService(c.settings, id));
  if (serviceId && knownService(c.settings, serviceId) && serviceId !== d.serviceId) {
    d.serviceId = serviceId;
    if (d.staffId !== null && !staffDoes(c.settings, d.staffId, serviceId)) {
      d.staffId = null;
      d.staffChosen = false;
    }
  }
  const staffId = tap?.kind === 'staff' ? tap.staffId : s.staffId;
  if (tap?.kind === 'staff' || s.anyStaff) {
    d.staffId = tap?.kind === 'staff' ? tap.staffId : null;
    d.staffChosen = true;
  } else if (staffId && staffDoes(c.settings, staffId, d.serviceId)) {
    d.staffId = staffId;
    d.staffChosen = true;
  }
  if (d.staffId !== null && !staffDoes(c.settings, d.staffId, d.serviceId)) {
    d.staffId = null;
    d.staffChosen = false;
  }
  if (!d.staffChosen && staffFor(c.settings, d.serviceId).length === 1) d.staffChosen = true;
  const today = localDate(e.at, c.timezone);
  const date = tap?.kind === 'day' ? tap.date : s.date !== null && s.date >= today ? s.date : null;
  if (date !== null || s.time !== null || s.partOfDay !== null || tap?.kind === 'soonest') {
    d.date = date ?? (s.time !== null || s.partOfDay !== null ? d.date : null);
    d.time = s.time;
    d.partOfDay = s.partOfDay;
    d.soonest = tap?.kind === 'soonest';
  }
  return d;
}

export const UPDATES = {
  callStarted: (_, e) =>
    e.type === 'call.started' ? { channel: 'voice', call: { id: e.callId, booked: [] } } : {},
  callEnded: (c, e) =>
    e.type === 'call.ended' ? { call: null, ...(e.channel ? { channel: e.channel } : {}) } : {},
  /** A booking confirmed during a call is remembered for the chat's confirmation after it. */
  noteCallBooking: (c) =>
    c.call && c.booked
      ? {
          call: {
            ...c.call,
            booked: [
              ...c.call.booked,
              { appointment: c.booked, paidKesMinor: c.paidKesMinor },
            ].slice(-5),
          },
        }
      : {},
  resetFlow: () => ({
    draft: EMPTY_DRAFT,
    offers: [],
    chosen: null,
    booked: null,
    paidKesMinor: null,
    appointments: [],
    target: null,
    targetId: null,
    addOn: null,
    pending: null,
    lead: null,
  }),
  absorb: (c, e) => ({ draft: absorbInto(c, e), offers: [], chosen: null }),
  clearWhen: (c) => ({
    draft: { ...c.draft, date: null, time: null, partOfDay: null, soonest: false },
  }),
  takeOffers: (c, e) => ({
    offers: readSlots(resultOf(e, 'availability.search')?.slots) ?? [],
    chosen: null,
    pending: null,
  }),
  takeAlternatives: (c, e) => {
    const r = resultOf(e, 'booking.create') ?? resultOf(e, 'booking.reschedule');
    return { offers: readSlots(r?.alternatives) ?? [], chosen: null, pending: null };
  },
  chooseStaff: (c, e) => {
    const s = e.type === 'message' ? readMessage(e) : null;
    const staff = staffFor(c.settings, c.draft.serviceId).slice(0, 9);
    if (s?.choice == null) return {};
    const pick = staff[s.choice - 1];
    return { draft: { ...c.draft, staffId: pick?.id ?? null, staffChosen: true } };
  },
  choose: (c, e) => (e.type === 'message' ? { chosen: matchOffer(c.offers, readMessage(e)) } : {}),
  takeBooked: (c, e) => ({
    booked: okAppointment(resultOf(e, 'booking.create')) ?? c.booked,
    paidKesMinor: null,
    pending: null,
  }),
  takeList: (c, e) => {
    const list = readUpcoming(resultOf(e, 'booking.list')) ?? [];
    const target =
      c.targetId !== null
        ? (list.find((a) => a.id === c.targetId) ?? null)
        : list.length === 1
          ? (list[0] ?? null)
          : null;
    return { appointments: list, target, targetId: null, pending: null };
  },
  pickAppointment: (c, e) =>
    e.type === 'message' ? { target: matchAppointment(c.appointments, readMessage(e)) } : {},
  /** Reschedule keeps the service and the staff member of the appointment being moved. */
  prepareMove: (c, e) => {
    const t = c.target;
    if (!t) return {};
    const keep = { serviceId: t.serviceId, staffId: t.staffId || null, staffChosen: true };
    const draft = absorbInto({ ...c, draft: { ...c.draft, ...keep } }, e);
    return { draft: { ...draft, ...keep }, offers: [] };
  },
  takeAddOn: (c, e) => ({ addOn: addOnSlot(c, e), pending: null }),
  clearPending: () => ({ pending: null }),
  rememberReminder: (c, e) =>
    e.type === 'reminder.due'
      ? {
          reminder: {
            appointmentId: e.appointmentId,
            summary: typeof e.summary === 'string' ? e.summary.slice(0, 300) : '',
          },
        }
      : {},
  /** A reminder's "reschedule" names the appointment before the list arrives. */
  reminderTarget: (c, e) => {
    const tap = e.type === 'message' ? readMessage(e).tap : null;
    return { targetId: tap?.kind === 'reminder' ? tap.id : (c.reminder?.appointmentId ?? null) };
  },
  markPaid: (c, e) => {
    const paid = e.type === 'call.result' ? resultOf(e, 'payment.query')?.paidMinor : undefined;
    return {
      paidKesMinor:
        typeof paid === 'number' ? paid : c.booked ? amountToPay(c.settings, c.booked) : null,
      pending: null,
    };
  },
  park: (c, e) =>
    e.type === 'call.result' ||
    e.type === 'effect.failed' ||
    e.type === 'payment.result' ||
    e.type === 'payment.timeout' ||
    e.type === 'payment.callback' ||
    e.type === 'payment.check' ||
    e.type === 'reminder.due'
      ? { parked: [...c.parked, e].slice(-10) }
      : {},
  startHandoff: (c, e) =>
    e.type === 'handoff.start'
      ? {
          handoff: {
            by: e.by === 'owner' ? 'owner' : 'operator',
            name: typeof e.name === 'string' ? e.name.slice(0, 100) : null,
            at: e.at,
          },
        }
      : {},
  endHandoff: () => ({ handoff: null, parked: [] }),
} satisfies Record<string, Update>;

export type UpdateKey = keyof typeof UPDATES;
