/** The shape of a language's wording (copy-en.ts, copy-sw.ts); `copy.ts` puts it together. */
import type { Personality } from './types';

export interface Voice {
  formality: Personality['formality'];
  warmth: Personality['warmth'];
  eager: boolean;
}

export interface Parts {
  text: string;
  hint?: string;
  detail?: string;
  /** Said first when warmth is `warm`. */
  warm?: string;
  emoji?: string[];
  /** The message ends a task: the tenant's sign-off goes after it. */
  close?: boolean;
}

/** Values a template may use; every template uses a few of them. */
export interface CopyParams {
  service?: string;
  staff?: string;
  when?: string;
  from?: string;
  time?: string;
  day?: string;
  price?: string;
  paid?: string;
  /** How `paid` was paid: M-Pesa (the default) or a card checkout. */
  method?: 'mpesa' | 'card';
  ref?: string;
  hours?: string;
  summary?: string;
  lines?: string[];
  action?: 'cancel' | 'reschedule';
  reason?: string;
  /** The service booked after this one ("a haircut and a manicure"). */
  next?: string;
  /** Who does a service, "Achieng" or "Wanjiku and Baraka". */
  who?: string;
  /** A holiday's name. */
  holiday?: string;
}

export type Template = (p: CopyParams, v: Voice) => Parts;

export type CoreKey =
  | 'greeting'
  | 'menu'
  | 'welcome'
  | 'askService'
  | 'askStaff'
  | 'askWhen'
  | 'offerSlots'
  | 'confirmSlot'
  | 'booked'
  | 'addOnOffer'
  | 'addOnBooked'
  | 'addOnDeclined'
  | 'addOnFailed'
  | 'chooseBooking'
  | 'noUpcoming'
  | 'confirmCancel'
  | 'cancelled'
  | 'cancelKept'
  | 'bookingGone'
  | 'askNewWhen'
  | 'confirmMove'
  | 'moved'
  | 'myBookings'
  | 'offerHuman'
  | 'humanRequested'
  | 'humanAck'
  | 'humanDeclined'
  | 'resumeAsk'
  | 'startOver'
  | 'reminder'
  | 'reminderConfirmed'
  | 'optedOut'
  | 'optedIn'
  | 'holdOn'
  | 'stillWorking'
  // Leads: put in front of a prompt.
  | 'clarify'
  | 'expired'
  | 'slotTaken'
  | 'rejected'
  | 'noSlots'
  | 'tooFarAhead'
  | 'searchFailed'
  | 'staffCantDo'
  | 'notInList'
  | 'stuck'
  | 'failed'
  | 'pastCutoff'
  | 'pastDay'
  | 'unanswered'
  | 'welcomeBack'
  | 'callResume'
  | 'textOnly'
  | 'twoServices'
  | 'nextService'
  | 'unavailable'
  | 'asideUnknown'
  | 'unknownService';

/** M-Pesa payments and refunds (English in copy-en-pay.ts). */
export type PayKey =
  | 'payAsk'
  | 'payWaiting'
  | 'payFailed'
  | 'payFailedNoSalon'
  | 'payReleased'
  | 'paidLate'
  | 'refundSent'
  | 'refundManual'
  | 'paySkipped'
  | 'payDeclined'
  | 'payUnavailable'
  | 'holdExpired'
  | 'holdReleasedLater'
  | 'payTimedOut';

/** Card payments and the choice of how to pay (copy-card.ts). */
export type CardKey =
  | 'payChoose'
  | 'payCardLink'
  | 'payCardWaiting'
  | 'payCardNudge'
  | 'payCardAbandoned'
  | 'payCardSent'
  | 'payCardResent'
  | 'payCardUnavailable'
  | 'payFailedCard'
  | 'payFailedCardNoSalon'
  | 'refundSentCard';

/** A call's summary sent to WhatsApp (copy-call.ts). */
export type CallKey =
  | 'chatCopyHead'
  | 'chatCopyDraft'
  | 'chatCopyHeld'
  | 'chatCopyHeldCard'
  | 'chatCopyNothing'
  | 'chatCopyGoOn'
  | 'chatCopySent';

export type CopyKey = CoreKey | PayKey | CardKey | CallKey;

export type CopyBook = Record<CopyKey, Template>;

export type LabelKey =
  | 'yesBook'
  | 'changeTime'
  | 'anyone'
  | 'today'
  | 'tomorrow'
  | 'soonest'
  | 'yesCancel'
  | 'keep'
  | 'yesMove'
  | 'tryAgain'
  | 'payLater'
  | 'payCancel'
  | 'payMpesa'
  | 'payCard'
  | 'addYes'
  | 'addNo'
  | 'humanYes'
  | 'humanNo'
  | 'resumeYes'
  | 'resumeNo'
  | 'remConfirm'
  | 'remReschedule'
  | 'chooseTime'
  | 'services'
  | 'bookings'
  | 'menu'
  | 'times'
  | 'menu.book'
  | 'menu.my_bookings'
  | 'menu.reschedule'
  | 'menu.cancel'
  | 'menu.prices'
  | 'menu.human';

export type LabelBook = Record<LabelKey, string>;
