import { serviceName, staffName } from './catalog';
import { clock, dayLabel, splitIso } from './format';
import { readPaymentStatus, resultOf } from './results';
import { t, whenAsked } from './replies';
import { readMessage } from './said';
import type { CustomerThreadEvent, ThreadContext } from './types';
import { hoursText, NOTE_LEADS } from './booking-notes';
import { payMethod } from './payment-guards';

/**
 * Leads: the line a prompt opens with after something went differently than asked (a taken
 * slot, a refusal, a past cutoff). Each returns the line, or null for none.
 */

/** "Sorry, I didn't get that." — or, for a photo or sticker, that only text can be read. */
export const unclear = (c: ThreadContext, e: CustomerThreadEvent) => {
  const s = e.type === 'message' ? readMessage(e) : null;
  return t(c, s?.media && s.blank ? 'textOnly' : 'clarify');
};

type Lead = (c: ThreadContext, e: CustomerThreadEvent) => string | null;

function slotTaken(c: ThreadContext): string {
  const p = splitIso(c.chosen?.start ?? '');
  return t(c, 'slotTaken', { time: p ? clock(p.time, c.lang) : undefined });
}

export const LEADS = {
  clarify: (c, e) => unclear(c, e),
  expired: (c) => t(c, 'expired'),
  stuck: (c) => t(c, 'stuck'),
  failed: (c) => t(c, 'failed'),
  searchFailed: (c) => t(c, 'searchFailed'),
  notInList: (c) => t(c, 'notInList'),
  pastDay: (c) => t(c, 'pastDay'),
  unanswered: (c) => t(c, 'unanswered'),
  payTimedOut: (c) => t(c, 'payTimedOut'),
  payDeclined: (c, e) => {
    const q = readPaymentStatus(resultOf(e, 'payment.query'));
    const reason = q?.reason ?? (e.type === 'payment.result' ? e.reason : undefined);
    return t(c, 'payDeclined', typeof reason === 'string' ? { reason } : {});
  },
  payUnavailable: (c) => t(c, payMethod(c) === 'pesapal' ? 'payCardUnavailable' : 'payUnavailable'),
  holdExpired: (c) => t(c, 'holdExpired'),
  welcomeBack: (c) => t(c, 'welcomeBack'),
  callResume: (c) => t(c, 'callResume'),
  noSlots: (c) => t(c, 'noSlots', { when: whenAsked(c.draft, c.lang) }),
  tooFarAhead: (c, e) => {
    const last = resultOf(e, 'availability.search')?.lastBookableDate;
    return t(c, 'tooFarAhead', typeof last === 'string' ? { when: dayLabel(last, c.lang) } : {});
  },
  slotTaken: (c) => slotTaken(c),
  rejected: (c, e) => {
    const r = resultOf(e, 'booking.create') ?? resultOf(e, 'booking.reschedule');
    const reason = typeof r?.reason === 'string' ? r.reason : '';
    return reason === 'slot_taken' ? slotTaken(c) : t(c, 'rejected', { reason });
  },
  staffCantDo: (c, e) => {
    const s = e.type === 'message' ? readMessage(e) : null;
    return t(c, 'staffCantDo', {
      staff: staffName(c.settings, s?.staffId ?? null) ?? '',
      service: serviceName(c.settings, c.draft.serviceId, c.lang),
    });
  },
  ...NOTE_LEADS,
  pastCutoff: (c, e) => {
    const cancel = e.type === 'call.result' && e.kind === 'booking.cancel';
    const p = c.settings.policy;
    const minutes = cancel ? p.cancelCutoffMin : p.rescheduleCutoffMin;
    return t(c, 'pastCutoff', {
      action: cancel ? 'cancel' : 'reschedule',
      hours: hoursText(c, minutes),
    });
  },
} satisfies Record<string, Lead>;

export type LeadKey = keyof typeof LEADS;
