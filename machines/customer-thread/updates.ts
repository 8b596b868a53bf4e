import { EMPTY_DRAFT, freshFlow } from './fresh-flow';
import type { Slot } from '../../contract';
import { PAYMENT_UPDATES } from './payment-updates';
import { amountToPay, knownService, staffDoes, staffFor } from './catalog';
import { sameTimeAs, shifted, weeksAfter } from './draft-when';
import { addDays, localDate, minutesOf, splitIso } from './format';
import { matchAppointment, matchOffer } from './match';
import { okAppointment, readSlots, readUpcoming, resultOf } from './results';
import { readMessage } from './said';
import type { CustomerThreadEvent, Draft, ThreadContext } from './types';

/**
 * Context updates, as plain functions of (context, event) returning the changed fields. The
 * machine applies them with one parameterized `assign` (`{ type: 'update', params: { fn } }`).
 */

type Update = (c: ThreadContext, e: CustomerThreadEvent) => Partial<ThreadContext>;

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
  const weekOn = s.weeksLater !== null ? weeksAfter(c, s.weeksLater) : null;
  // Regression (issue 18): "December 3rd at 2pm" after the 3rd kept the 2pm and booked today.
  if (tap === null && s.date !== null && s.date < today) return d;
  const date =
    tap?.kind === 'day'
      ? tap.date
      : s.date !== null && s.date >= today
        ? s.date
        : weekOn !== null && weekOn >= today
          ? weekOn
          : null;
  const soonest = tap?.kind === 'soonest' || (s.soonest && s.time === null);
  const time = s.time ?? (s.sameTime ? sameTimeAs(c) : null);
  if (date !== null || time !== null || s.partOfDay !== null || soonest) {
    d.date = date ?? (time !== null || s.partOfDay !== null ? d.date : null);
    d.time = time;
    d.partOfDay = s.partOfDay;
    d.soonest = soonest;
    d.flexible = false;
  }
  if (s.sameTime || s.weeksLater !== null) {
    // Resolved against the appointment once it is known (`prepareMove`).
    if (s.sameTime && time === null) d.sameTime = true;
    if (s.weeksLater !== null && weekOn === null) d.weeksLater = s.weeksLater;
  } else if (s.shift !== null) {
    return { ...d, ...shifted(c, s.shift) };
  }
  return d;
}

/**
 * Services named after the first in the same message ("a haircut and a manicure"), booked back
 * to back once the first is booked. Only a message that names the service being booked queues.
 */
function queueOf(c: ThreadContext, e: CustomerThreadEvent, draft: Draft): string[] {
  if (e.type !== 'message') return c.queue;
  const named = readMessage(e).serviceIds.filter((id) => knownService(c.settings, id));
  if (named.length < 2 || named[0] !== draft.serviceId) return c.queue;
  return [...new Set(named.slice(1))].filter((id) => id !== draft.serviceId).slice(0, 3);
}

/** The offer at exactly the day and time asked for (and the staff member, when one was named). */
export function exactOffer(c: ThreadContext, e: CustomerThreadEvent): Slot | null {
  const d = c.draft;
  const slots = readSlots(resultOf(e, 'availability.search')?.slots);
  if (!slots || d.time === null || d.flexible === true) return null;
  const day = d.date ?? localDate(e.at, c.timezone);
  return (
    slots.find((slot) => {
      const p = splitIso(slot.start);
      return (
        p?.date === day && p.time === d.time && (d.staffId === null || slot.staffId === d.staffId)
      );
    }) ?? null
  );
}

export const UPDATES = {
  ...PAYMENT_UPDATES,
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
  declineUpsell: (c, e) => ({ upsellDeclinedAt: e.at }),
  resetFlow: freshFlow,
  absorb: (c, e) => {
    const draft = absorbInto(c, e);
    const asides = e.type === 'message' ? readMessage(e).asides : [];
    const queue = queueOf(c, e, draft);
    const multiBooking = c.multiBooking || queue.length > 0;
    return { draft, asides, queue, multiBooking, offers: [], chosen: null };
  },
  clearAsides: () => ({ asides: [] }),
  /** The exact time asked for is free: it is the choice, the other offers stay as alternatives. */
  chooseExact: (c, e) => ({
    offers: readSlots(resultOf(e, 'availability.search')?.slots) ?? [],
    chosen: exactOffer(c, e),
    pending: null,
  }),
  /** The next queued service, right after the one just booked, with whoever is free then. */
  nextInQueue: (c) => {
    const [next, ...rest] = c.queue;
    const end = c.booked ? splitIso(c.booked.end) : null;
    if (next === undefined || !end) return { queue: [] };
    const draft: Draft = {
      ...EMPTY_DRAFT,
      serviceId: next,
      staffChosen: true,
      date: end.date,
      time: end.time,
    };
    return { draft, queue: rest, offers: [], chosen: null, asides: [] };
  },
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
    const draft: Draft = { ...absorbInto({ ...c, draft: { ...c.draft, ...keep } }, e), ...keep };
    const at = splitIso(t.start);
    if (draft.sameTime === true && at) draft.time = at.time;
    if (draft.weeksLater !== undefined && at) draft.date = addDays(at.date, 7 * draft.weeksLater);
    delete draft.sameTime;
    delete draft.weeksLater;
    return { draft, offers: [] };
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
