import type { CopyBook, PayKey } from './copy-book';

/** English templates of M-Pesa payments and refunds; merged into `EN_COPY` (copy-en.ts). */

/** Why an M-Pesa payment failed, as the customer is told (provider result codes' meanings). */
const EN_DECLINED: Readonly<Record<string, string>> = {
  cancelled_by_user: 'The M-Pesa prompt was cancelled on your phone.',
  wrong_pin: 'The M-Pesa PIN entered was wrong.',
  no_response: 'The M-Pesa prompt timed out before it was answered.',
  insufficient_funds: "There wasn't enough balance in the M-Pesa account.",
  subscriber_busy: 'M-Pesa was busy with another transaction on your line.',
};

export const EN_PAY_COPY: Pick<CopyBook, PayKey> = {
  payAsk: (p) => ({
    text: `To secure your booking, please pay ${p.price} by M-Pesa — a payment prompt is on its way to your phone.`,
    hint: 'Enter your M-Pesa PIN to complete it.',
    emoji: ['📲'],
  }),
  payWaiting: () => ({
    text: "I'm still waiting for your M-Pesa payment — please check your phone.",
  }),
  payFailed: () => ({ text: 'Would you like to try again, or pay at the salon?' }),
  payFailedNoSalon: () => ({ text: 'Would you like to try again?' }),
  payReleased: () => ({ text: "OK, I've cancelled that booking and released the time." }),
  paidLate: (p) => ({
    text: `Payment received${p.paid ? ` — ${p.paid}` : ''}. Thank you!${p.summary ? ` M-Pesa receipt ${p.summary}.` : ''}`,
    hint: p.ref ? `Booking ref #${p.ref}.` : undefined,
    emoji: ['✅'],
  }),
  refundSent: (p) => ({ text: `Your refund of ${p.price} is on its way to your M-Pesa.` }),
  refundManual: (p) => ({
    text: `The team will send your refund of ${p.price} shortly — you don't need to do anything.`,
  }),
  paySkipped: () => ({ text: 'No problem — you can pay at the salon.' }),
  payDeclined: (p) => ({
    text: EN_DECLINED[p.reason ?? ''] ?? "The M-Pesa payment didn't go through.",
  }),
  payUnavailable: () => ({ text: "I couldn't send the M-Pesa prompt just now." }),
  holdExpired: () => ({
    text: "Sorry, the time I was holding for you was released because the payment didn't come through in time.",
  }),
  payTimedOut: () => ({ text: "I didn't receive the M-Pesa payment." }),
  holdReleasedLater: (p) => ({
    text: `The time we were holding for you — ${p.service}, ${p.when} — has been released because the payment didn't come through. Reply here any time to book again.`,
  }),
};
