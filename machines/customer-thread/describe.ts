import type { AppointmentSummary, Language, Slot } from '../../contract';
import { serviceName, slotStaff, staffName } from './catalog';
import type { CopyParams } from './copy';
import { clock, dayLabel, money, splitIso, when } from './format';
import type { Draft, ThreadContext } from './types';

/** Describing things in the customer's language: services, appointments, slots, what was asked. */

export const svcName = (c: ThreadContext, id: string | null) => serviceName(c.settings, id, c.lang);

/** "on Friday in the afternoon" / "Ijumaa mchana": what the customer asked for. */
export function whenAsked(d: Draft, lang: Language): string {
  const parts: string[] = [];
  const pods = {
    en: {
      morning: 'in the morning',
      afternoon: 'in the afternoon',
      evening: 'in the evening',
      night: 'at night',
    },
    sw: { morning: 'asubuhi', afternoon: 'mchana', evening: 'jioni', night: 'usiku' },
  } as const;
  if (d.date) parts.push(lang === 'en' ? `on ${dayLabel(d.date, lang)}` : dayLabel(d.date, lang));
  if (d.partOfDay) parts.push(pods[lang][d.partOfDay]);
  if (d.time) parts.push(lang === 'en' ? `at ${clock(d.time, lang)}` : clock(d.time, lang));
  return parts.join(' ');
}

export function slotTitle(slot: Slot, lang: Language, sameDay: boolean): string {
  const p = splitIso(slot.start);
  if (!p) return slot.start;
  const day = dayLabel(p.date, lang).split(' ')[0] ?? '';
  return sameDay ? `${p.time} ${slotStaff(slot)}` : `${day} ${p.date.slice(8)} ${p.time}`;
}

export const apptLine = (c: ThreadContext, a: AppointmentSummary) =>
  `${svcName(c, a.serviceId) || a.serviceName}${a.staffName ? ` (${a.staffName})` : ''}, ${when(a.start, c.lang)}`;

export function apptParams(c: ThreadContext, a: AppointmentSummary): CopyParams {
  return {
    service: svcName(c, a.serviceId) || a.serviceName,
    staff: a.staffName || staffName(c.settings, a.staffId) || undefined,
    when: when(a.start, c.lang),
    price: money(a.priceKesMinor, c.lang),
    ref: String(a.id),
  };
}

/** A booking's money in one phrase ("deposit KES 400 paid"), or nothing when none was asked. */
export function payNote(c: ThreadContext, a: AppointmentSummary): string {
  const p = a.payment;
  if (!p) return '';
  const sw = c.lang === 'sw';
  const part = p.dueMinor < a.priceKesMinor;
  const amount = money(p.dueMinor, c.lang);
  const refund = money(p.refundMinor ?? p.paidMinor, c.lang);
  switch (p.state) {
    case 'paid': {
      const card = p.provider === 'pesapal';
      return sw
        ? `${part ? 'amana ' : ''}${amount} imelipwa kwa ${card ? 'kadi' : 'M-Pesa'}`
        : `${part ? 'deposit ' : ''}${amount} paid by ${card ? 'card' : 'M-Pesa'}`;
    }
    case 'due':
      return sw ? `${amount} bado kulipwa` : `${amount} still to pay`;
    case 'waived':
      return sw ? 'utalipa saluni' : 'pay at the salon';
    case 'refund_pending':
      return sw ? `marejesho ya ${refund} yanashughulikiwa` : `refund of ${refund} on its way`;
    case 'refunded':
      return sw ? `${refund} imerejeshwa` : `${refund} refunded`;
  }
}

/** "2. Haircut (Wanjiku), Fri 20 Nov at 3:00 pm — deposit KES 400 paid by M-Pesa" */
export function listLine(c: ThreadContext, a: AppointmentSummary, i: number): string {
  const money = payNote(c, a);
  return `${i + 1}. ${apptLine(c, a)}${money ? ` — ${money}` : ''}`;
}
