import { CARD_ABANDON_MS } from '../../contract';
import { amountToPay } from './catalog';
import { intentIs, onMessage, result, type Args } from './guard-kit';
import { failReason, okAppointment, readPaymentStatus } from './results';
import type { Said, ThreadContext } from './types';

/** Guards of M-Pesa payments: the customer's answers, the provider's news, the timers. */

/** How long the customer has to complete an M-Pesa prompt in chat. */
export const PAYMENT_TIMEOUT_MS = 180_000;
/** A payment asked for during a call has a hard cap (DESIGN §7). */
export const VOICE_PAYMENT_TIMEOUT_MS = 90_000;

export const PAYMENT_GUARDS = {
  // --- messages ------------------------------------------------------------------------------
  // "jaribu tena" typed was not understood (only the button and "yes" were).
  payRetry: onMessage((s) =>
    s.tap ? s.tap.kind === 'pay' && s.tap.retry : intentIs(s, 'yes') || RETRY_WORDS.test(s.text),
  ),
  /** Pay at the salon: only when the tenant allows it ("no" otherwise gives up). */
  paySkip: onMessage(
    (s, c) =>
      c.settings.payments.payAtSalon &&
      (s.tap ? s.tap.kind === 'pay' && !s.tap.retry && !s.tap.cancel : intentIs(s, 'no')),
  ),
  /** Give up the booking being paid for: its hold is released. */
  payCancel: onMessage((s) =>
    s.tap
      ? s.tap.kind === 'pay' && s.tap.cancel === true
      : intentIs(s, 'no') || intentIs(s, 'cancel'),
  ),
  paymentOverdue: ({ context, event }: Args) =>
    context.pending !== null &&
    event.at - context.pending.at >
      (payMethod(context) === 'pesapal' ? CARD_ABANDON_MS : PAYMENT_TIMEOUT_MS),
  /** The tenant takes M-Pesa and cards: the customer chooses. */
  payChoice: ({ context }: Args) =>
    context.settings.payments.mpesa && context.settings.payments.card,
  payWithChosen: onMessage((s) => chosenMethod(s) !== null),

  // --- cards ---------------------------------------------------------------------------------
  /** The checkout link came back: it goes to the customer. */
  cardLink: ({ event }: Args) => {
    const r = result('payment.request')(event);
    return r?.ok === true && typeof r.redirectUrl === 'string' && r.redirectUrl !== '';
  },
  /** Daraja took the STK push (or its answer was lost: the prompt may be on the phone). */
  promptSent: ({ event }: Args) => {
    const r = result('payment.request')(event);
    return r?.ok === true && typeof r.redirectUrl !== 'string';
  },
  cardNudge: ({ context, event }: Args) =>
    event.type === 'payment.check' &&
    event.nudge === true &&
    forBooked(context, event.appointmentId),
  cardAbandoned: ({ context, event }: Args) =>
    event.type === 'payment.timeout' &&
    payMethod(context) === 'pesapal' &&
    forBooked(context, event.appointmentId),

  // --- payment -------------------------------------------------------------------------------
  /** The runtime held the slot until paid (its payments policy decides, per service). */
  paymentNeeded: ({ context, event }: Args) => {
    const booked = okAppointment(result('booking.create')(event)) ?? context.booked;
    return (
      booked !== null &&
      booked.status === 'pending_payment' &&
      amountToPay(context.settings, booked) > 0
    );
  },
  /** The payment request could not be made because the hold is gone. */
  holdLost: ({ event }: Args) => {
    const r = failReason(result('payment.request')(event));
    const q = readPaymentStatus(result('payment.query')(event));
    return r === 'hold_expired' || r === 'not_pending' || q?.status === 'expired';
  },
  requestFailed: ({ event }: Args) => failReason(result('payment.request')(event)) !== null,
  queryPaid: ({ context, event }: Args) => {
    const q = readPaymentStatus(result('payment.query')(event));
    return q?.status === 'paid' && q.appointmentId === context.booked?.id;
  },
  queryFailed: ({ context, event }: Args) => {
    const q = readPaymentStatus(result('payment.query')(event));
    return q?.status === 'failed' && q.appointmentId === context.booked?.id;
  },
  queryPending: ({ context, event }: Args) => {
    const q = readPaymentStatus(result('payment.query')(event));
    return q?.status === 'pending' && q.appointmentId === context.booked?.id;
  },
  /** A payment confirmed for an appointment this thread is not paying for right now. */
  paidElsewhere: ({ event }: Args) =>
    readPaymentStatus(result('payment.query')(event))?.status === 'paid',
  paymentNews: ({ context, event }: Args) =>
    (event.type === 'payment.callback' || event.type === 'payment.check') &&
    forBooked(context, event.appointmentId),
  anyPaymentCallback: ({ event }: Args) =>
    event.type === 'payment.callback' && typeof event.appointmentId === 'number',
  refundNews: ({ event }: Args) => result('payment.refund')(event) !== null,
  paymentOk: ({ context, event }: Args) =>
    event.type === 'payment.result' && event.ok === true && forBooked(context, event.appointmentId),
  paymentNotOk: ({ context, event }: Args) =>
    event.type === 'payment.result' && event.ok !== true && forBooked(context, event.appointmentId),
  paymentTimedOut: ({ context, event }: Args) =>
    event.type === 'payment.timeout' && forBooked(context, event.appointmentId),
};

function forBooked(context: ThreadContext, appointmentId: unknown): boolean {
  return appointmentId === undefined || appointmentId === context.booked?.id;
}

/** How the booking being paid is paid: the customer's choice, else the tenant's one provider. */
export function payMethod(c: ThreadContext): 'mpesa' | 'pesapal' {
  return (
    c.payWith ?? (c.settings.payments.mpesa || !c.settings.payments.card ? 'mpesa' : 'pesapal')
  );
}

const RETRY_WORDS = /\b(try again|retry|again|jaribu tena|jaribu|tena)\b/i;
const CARD_WORDS = /\b(card|kadi|visa|mastercard|credit|debit)\b/i;
const MPESA_WORDS = /\b(m-?pesa|mpesa|lipa na m-?pesa)\b/i;

/** "M-Pesa" / "card" (a tap or the word, English or Swahili); null when neither or both. */
export function chosenMethod(s: Said): 'mpesa' | 'pesapal' | null {
  if (s.tap) return s.tap.kind === 'paywith' ? s.tap.provider : null;
  const card = CARD_WORDS.test(s.text);
  const mpesa = MPESA_WORDS.test(s.text);
  return card === mpesa ? null : card ? 'pesapal' : 'mpesa';
}
