import type { AppointmentSummary, Effect, Language, OutboundMessage } from '../../contract';
import { amountToPay, priceOf, slotStaff, staffFor, staffName } from './catalog';
import { label, salutation, say, type CopyKey, type CopyParams } from './copy';
import { apptLine, apptParams, slotTitle, svcName, whenAsked } from './describe';
import { addDays, cap, clock, dayLabel, dayName, localDate, money, splitIso, when } from './format';
import { ids } from './match';
import { payMethod } from './payment-guards';
import type { CustomerThreadEvent, MenuItem, ThreadContext } from './types';

/**
 * Prompts: the question each step asks, as a channel-neutral message with stable ids. A prompt
 * starts with the context's `lead` when there is one ("Sorry, that time was just taken.").
 * WhatsApp limits are respected here: 3 buttons of 20 characters, lists of 10 rows of 24.
 */

/** How things are described (services, appointments, slots) lives in describe.ts. */
export { apptLine, apptParams, slotTitle, svcName, whenAsked };

type Row = { id: string; title: string; description?: string };
type Builder = (c: ThreadContext, e: CustomerThreadEvent) => OutboundMessage;

export const t = (c: ThreadContext, key: CopyKey, p: CopyParams = {}) =>
  say(key, c.lang, c.settings.personality, p);

export const text = (body: string): OutboundMessage => ({ kind: 'text', text: cap(body, 4000) });

/** An effect builder: the effects to emit for this context and event (possibly none). */
export type Fx = (c: ThreadContext, e: CustomerThreadEvent) => Effect[];
export const reply = (message: OutboundMessage): Effect => ({ type: 'reply', message });
export const call = (kind: string, payload: Record<string, unknown>): Effect => ({
  type: 'call',
  kind,
  payload,
});

export function buttons(body: string, list: { id: string; title: string }[]): OutboundMessage {
  return {
    kind: 'buttons',
    text: cap(body, 1024),
    buttons: list.slice(0, 3).map((b) => ({ id: b.id, title: cap(b.title, 20) })),
  };
}

/** WhatsApp's limit on a list row's title. */
const ROW_TITLE_MAX = 24;

export function rows(body: string, button: string, section: string, list: Row[]): OutboundMessage {
  return {
    kind: 'list',
    text: cap(body, 1024),
    button: cap(button, 20),
    sections: [
      {
        title: cap(section, 24),
        rows: list.slice(0, 10).map((r) => ({
          id: r.id,
          title: cap(r.title, ROW_TITLE_MAX),
          ...(r.description ? { description: cap(r.description, 72) } : {}),
        })),
      },
    ],
  };
}

/** Buttons when three or fewer choices fit, a list otherwise. */
const choices = (body: string, button: string, section: string, list: Row[]) =>
  list.length <= 3 ? buttons(body, list) : rows(body, button, section, list);

const withLead = (c: ThreadContext, body: string) => (c.lead ? `${c.lead} ${body}` : body);

const MENU_ITEMS: MenuItem[] = ['book', 'my_bookings', 'reschedule', 'cancel', 'prices', 'human'];
const menuRows = (lang: Language): Row[] =>
  MENU_ITEMS.map((m) => ({ id: ids.menu(m), title: label(`menu.${m}`, lang) }));

export function menu(c: ThreadContext, greet: boolean): OutboundMessage {
  const body = t(c, 'menu');
  const full = greet ? `${salutation(c.lang, c.settings.personality)} ${body}` : withLead(c, body);
  return rows(full, label('menu', c.lang), label('menu', c.lang), menuRows(c.lang));
}

/** "You're booked! ..." for an appointment (and what was paid for it, if anything). */
export function bookedMessage(
  c: ThreadContext,
  b: { appointment: AppointmentSummary; paidKesMinor: number | null },
): OutboundMessage {
  const paid = b.paidKesMinor ? money(b.paidKesMinor, c.lang) : undefined;
  // A card checkout's confirmation used to say "Paid KES 400 by M-Pesa".
  const provider = b.appointment.payment?.provider ?? payMethod(c);
  const method = provider === 'pesapal' ? 'card' : 'mpesa';
  return text(t(c, 'booked', { ...apptParams(c, b.appointment), paid, method }));
}

function dayButtons(c: ThreadContext, e: CustomerThreadEvent) {
  const today = localDate(e.at, c.timezone);
  return [
    { id: ids.day(today), title: label('today', c.lang) },
    { id: ids.day(addDays(today, 1)), title: label('tomorrow', c.lang) },
    { id: ids.soonest, title: label('soonest', c.lang) },
  ];
}

function listAppointments(c: ThreadContext, body: string): OutboundMessage {
  const lines = c.appointments.map((a, i) => `${i + 1}. ${apptLine(c, a)}`);
  const full = `${body}\n${lines.join('\n')}`;
  const list = c.appointments.map((a) => {
    const p = splitIso(a.start);
    return {
      id: ids.appointment(a.id),
      title: p ? `${dayLabel(p.date, c.lang).split(' ').slice(0, 2).join(' ')} ${p.time}` : a.start,
      description: svcName(c, a.serviceId) || a.serviceName,
    };
  });
  return choices(full, label('bookings', c.lang), label('bookings', c.lang), list);
}

/**
 * The day asked for has nothing free and every offer is on another day: say so before offering.
 * Regression (scenarios/en/fully-booked-day.yaml): with Friday full, "haircut on Friday" was
 * answered with Saturday's times as if Saturday had been asked for.
 */
function dayMissed(c: ThreadContext): string | null {
  const asked = c.draft.date;
  if (asked === null || c.offers.length === 0) return null;
  if (c.offers.some((o) => splitIso(o.start)?.date === asked)) return null;
  return t(c, 'noSlots', { when: whenAsked(c.draft, c.lang) });
}

// --- prompts -----------------------------------------------------------------------------------

export const PROMPTS = {
  greeting: (c) => menu(c, true),
  menu: (c) => menu(c, false),
  askService: (c) => {
    const body = withLead(c, t(c, 'askService'));
    if (c.settings.services.length === 0) return text(body);
    // Regression: row titles are cut at 24 characters, and "Kutengeneza kucha za mikono" and
    // "... za miguu" (manicure, pedicure) both became "Kutengeneza kucha za mi…"; a name that
    // does not fit is given in full in the row's description.
    const list = c.settings.services.map((s) => {
      const name = svcName(c, s.id);
      const facts = `${money(s.priceKesMinor, c.lang)} · ${s.durationMin} min`;
      return {
        id: ids.service(s.id),
        title: name,
        description: name.length > ROW_TITLE_MAX ? `${name} · ${facts}` : facts,
      };
    });
    return rows(body, label('services', c.lang), label('services', c.lang), list);
  },
  askStaff: (c) => {
    const body = withLead(c, t(c, 'askStaff', { service: svcName(c, c.draft.serviceId) }));
    const staff = staffFor(c.settings, c.draft.serviceId).slice(0, 9);
    const list = [
      ...staff.map((s) => ({ id: ids.staff(s.id), title: s.name })),
      { id: ids.staff(null), title: label('anyone', c.lang) },
    ];
    return choices(body, label('menu', c.lang), label('anyone', c.lang), list);
  },
  askWhen: (c, e) => {
    const p = {
      service: svcName(c, c.draft.serviceId),
      staff: staffName(c.settings, c.draft.staffId) ?? undefined,
    };
    return buttons(withLead(c, t(c, 'askWhen', p)), dayButtons(c, e));
  },
  offerSlots: (c) => {
    const lead = c.lead ?? dayMissed(c);
    const sameDay = new Set(c.offers.map((o) => o.start.slice(0, 10))).size === 1;
    const staffIds = new Set(c.offers.map((o) => o.staffId));
    const onlyStaff = staffIds.size === 1 ? c.offers[0] : undefined;
    const day = sameDay && c.offers[0] ? splitIso(c.offers[0].start)?.date : undefined;
    const body = t(c, 'offerSlots', {
      service: svcName(c, c.draft.serviceId),
      day: day ? dayLabel(day, c.lang) : undefined,
      staff: onlyStaff ? slotStaff(onlyStaff) : undefined,
    });
    const list = c.offers.map((o) => ({
      id: ids.slot(o),
      title: slotTitle(o, c.lang, sameDay),
      description: `${when(o.start, c.lang)} · ${slotStaff(o)}`,
    }));
    const full = lead ? `${lead} ${body}` : body;
    return choices(full, label('chooseTime', c.lang), label('times', c.lang), list);
  },
  confirmSlot: (c) => {
    const slot = c.chosen;
    const price = priceOf(c.settings, c.draft.serviceId);
    const body = t(c, 'confirmSlot', {
      service: svcName(c, c.draft.serviceId),
      staff: slot ? slotStaff(slot) : undefined,
      when: slot ? when(slot.start, c.lang) : '',
      price: price === null ? '' : money(price, c.lang),
    });
    return buttons(withLead(c, body), [
      { id: ids.yes('confirm'), title: label('yesBook', c.lang) },
      { id: ids.no('confirm'), title: label('changeTime', c.lang) },
    ]);
  },
  /** M-Pesa or card (the tenant takes both), or give the booking up. */
  payChoose: (c) => {
    const price = c.booked ? money(amountToPay(c.settings, c.booked), c.lang) : '';
    return buttons(withLead(c, t(c, 'payChoose', { price })), [
      { id: ids.payWith(false), title: label('payMpesa', c.lang) },
      { id: ids.payWith(true), title: label('payCard', c.lang) },
      { id: ids.payCancel(), title: label('payCancel', c.lang) },
    ]);
  },
  /** Try again / pay at the salon (when allowed) or cancel / talk to a person. */
  payFailed: (c) => {
    const salon = c.settings.payments.payAtSalon;
    // A card payment failed (or its link could not be made): M-Pesa instead, when taken.
    const mpesa = payMethod(c) === 'pesapal' && c.settings.payments.mpesa;
    const ask = mpesa
      ? salon
        ? 'payFailedCard'
        : 'payFailedCardNoSalon'
      : salon
        ? 'payFailed'
        : 'payFailedNoSalon';
    return buttons(withLead(c, t(c, ask)), [
      mpesa
        ? { id: ids.payWith(false), title: label('payMpesa', c.lang) }
        : { id: ids.pay(true), title: label('tryAgain', c.lang) },
      {
        id: salon ? ids.pay(false) : ids.payCancel(),
        title: label(salon ? 'payLater' : 'payCancel', c.lang),
      },
      { id: ids.menu('human'), title: label('menu.human', c.lang) },
    ]);
  },
  addOnOffer: (c) => {
    const slot = c.addOn;
    const p = splitIso(slot?.start ?? '');
    const price = priceOf(c.settings, slot?.serviceId || null);
    const body = t(c, 'addOnOffer', {
      service: svcName(c, slot?.serviceId || null),
      staff: slot ? slotStaff(slot) : '',
      time: p ? clock(p.time, c.lang) : '',
      price: price === null ? '' : money(price, c.lang),
    });
    return buttons(withLead(c, body), [
      { id: ids.yes('addon'), title: label('addYes', c.lang) },
      { id: ids.no('addon'), title: label('addNo', c.lang) },
    ]);
  },
  chooseCancel: (c) =>
    listAppointments(c, withLead(c, t(c, 'chooseBooking', { action: 'cancel' }))),
  chooseMove: (c) =>
    listAppointments(c, withLead(c, t(c, 'chooseBooking', { action: 'reschedule' }))),
  confirmCancel: (c) =>
    buttons(withLead(c, t(c, 'confirmCancel', c.target ? apptParams(c, c.target) : {})), [
      { id: ids.yes('confirm'), title: label('yesCancel', c.lang) },
      { id: ids.no('confirm'), title: label('keep', c.lang) },
    ]),
  askNewWhen: (c, e) =>
    buttons(
      withLead(c, t(c, 'askNewWhen', c.target ? apptParams(c, c.target) : {})),
      dayButtons(c, e),
    ),
  confirmMove: (c) => {
    const p = c.target ? apptParams(c, c.target) : {};
    const body = t(c, 'confirmMove', {
      ...p,
      from: p.when,
      when: c.chosen ? when(c.chosen.start, c.lang) : '',
    });
    return buttons(withLead(c, body), [
      { id: ids.yes('confirm'), title: label('yesMove', c.lang) },
      { id: ids.no('confirm'), title: label('changeTime', c.lang) },
    ]);
  },
  offerHuman: (c) =>
    buttons(withLead(c, t(c, 'offerHuman')), [
      { id: ids.yes('human'), title: label('humanYes', c.lang) },
      { id: ids.no('human'), title: label('humanNo', c.lang) },
    ]),
  resumeAsk: (c) => {
    const d = c.draft;
    const body = t(c, 'resumeAsk', {
      service: svcName(c, d.serviceId).toLowerCase(),
      day: d.date ? dayName(d.date, c.lang) : undefined,
    });
    return buttons(withLead(c, body), [
      { id: ids.yes('resume'), title: label('resumeYes', c.lang) },
      { id: ids.no('resume'), title: label('resumeNo', c.lang) },
    ]);
  },
  reminder: (c) => {
    const r = c.reminder;
    const id = r?.appointmentId ?? 0;
    return buttons(t(c, 'reminder', { summary: cap(r?.summary ?? '', 300) }), [
      { id: ids.reminder('confirm', id), title: label('remConfirm', c.lang) },
      { id: ids.reminder('reschedule', id), title: label('remReschedule', c.lang) },
    ]);
  },
} satisfies Record<string, Builder>;

export type PromptKey = keyof typeof PROMPTS;
