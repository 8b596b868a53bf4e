import type { Effect } from '../../contract';
import { addOnFor } from './catalog';
import { label, type CopyKey } from './copy';
import { cap, splitIso } from './format';
import { ids } from './match';
import { okAppointment, readUpcoming, resultOf } from './results';
import { call, reply, type Fx, apptParams, bookedMessage, buttons, menu, t, text } from './replies';
import { holdReleasedNotice, operatorCancel, operatorChanged } from './operator-effects';
import { MAX_TEXT, readMessage } from './said';
import { PAYMENT_FX, paymentRequest } from './payment-effects';
import { CHAT_COPY_FX } from './chat-copy';
import type { CustomerThreadEvent, ThreadContext } from './types';
import { asideAnswer, asideCalls } from './booking-notes';
import { listLine } from './describe';
import { unclear } from './leads';

/**
 * Effects other than prompts: closing messages, relays to the admins, calls and timers. Each
 * builder returns the effects to emit (possibly none).
 */

const say = (c: ThreadContext, key: CopyKey) => reply(text(t(c, key)));

const customerText = (e: CustomerThreadEvent) => {
  if (e.type !== 'message') return '';
  const s = readMessage(e);
  const body = cap(s.text, MAX_TEXT);
  const media = s.media ? `[${s.media}]` : '';
  return [media, body].filter(Boolean).join(' ') || (e.replyId ? `[${cap(e.replyId, 100)}]` : '');
};

const toAdmins = (c: ThreadContext, body: string, extra: Record<string, unknown> = {}): Effect => ({
  type: 'thread.send',
  to: { role: 'admins' },
  event: { type: 'relay', text: body, fromThread: c.threadKey, ...extra },
});

function withMenu(c: ThreadContext, body: string): Effect {
  const m = menu(c, false);
  return reply({ ...m, text: cap(`${body} ${m.text}`, 1024) });
}

const noUpcoming = (c: ThreadContext) =>
  reply(buttons(t(c, 'noUpcoming'), [{ id: ids.menu('book'), title: label('menu.book', c.lang) }]));

export const FX = {
  booked: (c) =>
    c.booked
      ? [reply(bookedMessage(c, { appointment: c.booked, paidKesMinor: c.paidKesMinor }))]
      : [],
  callBookings: (c) => (c.call?.booked ?? []).map((b) => reply(bookedMessage(c, b))),
  paySkipped: (c) => [say(c, 'paySkipped')],
  ...PAYMENT_FX,
  ...CHAT_COPY_FX,
  /** A booking result that arrived after the customer moved on: still tell them. */
  bookedLate: (c, e) => {
    const a = okAppointment(resultOf(e, 'booking.create'));
    return a ? [reply(text(t(c, 'booked', apptParams(c, a))))] : [];
  },
  failedMenu: (c) => [withMenu(c, t(c, 'failed'))],
  addOnBooked: (c, e) => {
    const a = okAppointment(resultOf(e, 'booking.create'));
    return a ? [reply(text(t(c, 'addOnBooked', apptParams(c, a))))] : [];
  },
  addOnDeclined: (c) => [say(c, 'addOnDeclined')],
  addOnFailed: (c) => [say(c, 'addOnFailed')],
  noUpcoming: (c) => [noUpcoming(c)],
  cancelled: (c, e) => {
    const r = resultOf(e, 'booking.cancel');
    const a = okAppointment(r) ?? c.target;
    if (!a) return [];
    const refund = typeof r?.refundDueMinor === 'number' ? r.refundDueMinor : 0;
    return [
      reply(text(t(c, 'cancelled', apptParams(c, a)))),
      // A paid booking cancelled inside the refund policy: the refund starts now.
      ...(refund > 0 ? [call('payment.refund', { appointmentId: a.id })] : []),
    ];
  },
  cancelKept: (c) => [say(c, 'cancelKept')],
  bookingGone: (c) => [say(c, 'bookingGone')],
  moved: (c, e) => {
    const a = okAppointment(resultOf(e, 'booking.reschedule'));
    return a ? [reply(text(t(c, 'moved', apptParams(c, a))))] : [];
  },
  myBookings: (c, e) => {
    const list = readUpcoming(resultOf(e, 'booking.list')) ?? [];
    if (list.length === 0) return [noUpcoming(c)];
    const lines = list.map((a, i) => listLine(c, a, i));
    return [
      reply(
        buttons(t(c, 'myBookings', { lines }), [
          { id: ids.menu('reschedule'), title: label('menu.reschedule', c.lang) },
          { id: ids.menu('cancel'), title: label('menu.cancel', c.lang) },
          { id: ids.menu('book'), title: label('menu.book', c.lang) },
        ]),
      ),
    ];
  },
  answer: (c, e) => {
    const r = resultOf(e, 'inquiry.answer');
    return typeof r?.text === 'string' && r.text.trim() ? [reply(text(r.text.trim()))] : [];
  },
  humanRequested: (c, e) => [
    toAdmins(c, customerText(e) || 'human requested', { reason: 'human_requested' }),
    say(c, 'humanRequested'),
  ],
  relay: (c, e) => [toAdmins(c, customerText(e))],
  humanAck: (c, e) => [toAdmins(c, customerText(e)), say(c, 'humanAck')],
  humanDeclined: (c) => [withMenu(c, t(c, 'humanDeclined'))],
  startOver: (c) => [withMenu(c, t(c, 'startOver'))],
  expired: (c) => [withMenu(c, t(c, 'expired'))],
  clarifyMenu: (c, e) => [withMenu(c, unclear(c, e))],
  welcome: (c) => [say(c, 'welcome')],
  /** "😍", "😂": a reaction, not a request; the menu, without "sorry, I didn't get that". */
  reaction: (c) => [reply(menu(c, false))],
  asideAnswer,
  reminderConfirmed: (c) => [say(c, 'reminderConfirmed')],
  optedOut: (c) => [say(c, 'optedOut')],
  optedIn: (c) => [withMenu(c, t(c, 'optedIn'))],
  holdOn: (c) => [say(c, 'holdOn')],
  stillWorking: (c) => [say(c, 'stillWorking')],
  operatorCancel,
  operatorChanged,
  holdReleasedNotice,
  operatorReply: (_, e) =>
    e.type === 'operator.message' && typeof e.text === 'string' && e.text.trim()
      ? [reply(text(e.text.trim()))]
      : [],
} satisfies Record<string, Fx>;

export type FxKey = keyof typeof FX;

// --- calls -------------------------------------------------------------------------------------

type CallFx = (c: ThreadContext, e: CustomerThreadEvent) => Effect[] | null;

/** Calls by the name a state issues them under; `kindOf` gives the call kind awaited. */
export const CALLS = {
  'availability.search': (c) => {
    const d = c.draft;
    if (!d.serviceId) return null;
    const limit = d.time !== null || d.partOfDay !== null || d.soonest || d.date === null ? 3 : 10;
    return [
      call('availability.search', {
        serviceId: d.serviceId,
        staffId: d.staffId,
        ...(d.date ? { date: d.date } : {}),
        ...(d.time ? { time: d.time } : {}),
        ...(d.partOfDay ? { partOfDay: d.partOfDay } : {}),
        limit,
        ...(c.target ? { excludeAppointmentId: c.target.id } : {}),
      }),
    ];
  },
  'addon.search': (c) => {
    const b = c.booked;
    const svc = b ? addOnFor(c.settings, b)?.id : null;
    const end = b ? splitIso(b.end) : null;
    if (!b || !svc || !end) return null;
    return [
      call('availability.search', {
        serviceId: svc,
        staffId: b.staffId,
        date: end.date,
        time: end.time,
        limit: 3,
      }),
    ];
  },
  'booking.create': (c) => {
    const s = c.chosen;
    const serviceId = c.draft.serviceId ?? s?.serviceId;
    if (!s || !serviceId) return null;
    return [
      call('booking.create', { serviceId, staffId: s.staffId, start: s.start, channel: c.channel }),
    ];
  },
  'addon.create': (c) => {
    const s = c.addOn;
    if (!s?.serviceId) return null;
    return [
      call('booking.create', {
        serviceId: s.serviceId,
        staffId: s.staffId,
        start: s.start,
        channel: c.channel,
      }),
    ];
  },
  'booking.list': () => [call('booking.list', { upcomingOnly: true })],
  'aside.answer': (c) => asideCalls(c),
  'booking.cancel': (c) =>
    c.target ? [call('booking.cancel', { appointmentId: c.target.id })] : null,
  'booking.reschedule': (c) =>
    c.target && c.chosen
      ? [
          call('booking.reschedule', {
            appointmentId: c.target.id,
            start: c.chosen.start,
            staffId: c.chosen.staffId,
          }),
        ]
      : null,
  'inquiry.answer': (c, e) => {
    const s = e.type === 'message' ? readMessage(e) : null;
    const intent = s && s.intent !== 'unknown' ? s.intent : 'inquiry';
    return [
      call('inquiry.answer', {
        intent,
        ...(s?.topic || s?.text ? { topic: cap(s.topic ?? s.text, 500) } : {}),
        serviceIds: s?.serviceIds ?? [],
        language: c.lang,
        // Regression: "What time do you open on Saturday?" was answered with today's hours.
        ...(s?.date ? { date: s.date } : {}),
      }),
    ];
  },
  'payment.request': paymentRequest,
} satisfies Record<string, CallFx>;

export type CallKey = keyof typeof CALLS;
const CALL_KIND: Partial<Record<CallKey, string>> = {
  'addon.search': 'availability.search',
  'addon.create': 'booking.create',
  'aside.answer': 'inquiry.answer',
};
export const kindOf = (key: CallKey): string => CALL_KIND[key] ?? key;
