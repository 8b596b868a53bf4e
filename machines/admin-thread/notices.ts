/**
 * What customers are told when the owner changes their booking or answers them: sent to the
 * customer's own thread as `operator.message`, in the customer's language. The customer's
 * thread sends it on its channel (a template when their 24-hour window has closed).
 */
import type { CustomerNotice } from '../../contract';
import type { Effect } from '../../contract';
import { day, money, time } from './format';
import type { Lang } from './types';

export function noticeText(n: CustomerNotice): string {
  const a = n.appointment;
  const sw = n.language === 'sw';
  switch (n.kind) {
    case 'cancelled':
      return sw
        ? `Samahani — tumelazimika kughairi miadi yako ya ${a.serviceName} ${day(a.start, 'sw')} saa ${time(a.start)}. Jibu ujumbe huu tukupangie wakati mwingine.`
        : `Sorry — we had to cancel your ${a.serviceName} on ${day(a.start, 'en')} at ${time(a.start)}. Reply to this message and we'll find you another time.`;
    case 'moved': {
      const m = n.moved ?? a;
      return sw
        ? `Taarifa: miadi yako ya ${a.serviceName} ${day(a.start, 'sw')} saa ${time(a.start)} imehamishwa hadi ${day(m.start, 'sw')} saa ${time(m.start)} na ${m.staffName}. Jibu kama haikufai.`
        : `Heads up: your ${a.serviceName} on ${day(a.start, 'en')} at ${time(a.start)} has moved to ${day(m.start, 'en')} at ${time(m.start)} with ${m.staffName}. Reply if that doesn't suit you.`;
    }
    case 'booked':
      return sw
        ? `Umewekewa miadi! ${a.serviceName} na ${a.staffName}, ${day(a.start, 'sw')} saa ${time(a.start)} — ${money(a.priceKesMinor)}. Karibu!`
        : `You're booked! ${a.serviceName} with ${a.staffName}, ${day(a.start, 'en')} at ${time(a.start)} — ${money(a.priceKesMinor)}. See you then!`;
  }
}

export function toCustomer(threadKey: string, text: string): Effect {
  return { type: 'thread.send', to: { threadKey }, event: { type: 'operator.message', text } };
}

/** An unanswered escalation: the customer is told, honestly, that the salon will get back. */
export function stillWaiting(lang: Lang): string {
  return lang === 'sw'
    ? 'Samahani kwa kusubiri — timu bado haijaweza kukujibu. Watakurudia haraka iwezekanavyo.'
    : "Sorry for the wait — the team hasn't been able to reply yet. They'll get back to you as soon as they can.";
}
