import type { LeadKey } from './leads';
import { fx, issue, lead, p, threadSetup, up } from './setup';
import { clarify, failedFor, leave, preempt, staleTap } from './shared';

/**
 * The M-Pesa step of a booking: the slot is held while the customer pays; the provider's answer
 * (result, callback or query) confirms the booking, and a failure offers to try again, to pay at
 * the salon (when allowed) or to give the booking up.
 */

/** The payment went through: the booking is confirmed. */
const paid = <const G>(guard: G) =>
  ({ guard, target: '#confirmed', actions: [up('markPaid'), fx('cancelPaymentTimer')] }) as const;

/** The payment did not go through: say why (`lead`) and offer the ways on. */
const failed = <const G>(guard: G, why: LeadKey) =>
  ({
    guard,
    target: 'payFailed',
    actions: [lead(why), fx('cancelPaymentTimer'), up('clearPending')],
  }) as const;

export const payingState = threadSetup.createStateConfig({
  entry: issue('payment.request'),
  on: {
    // A card checkout: the link is the call's answer; the 8-minute nudge; the 30-minute end.
    'payment.check': [
      { guard: 'cardNudge', actions: [fx('paymentQuery'), fx('cardNudge')] },
      { guard: 'paymentNews', actions: fx('paymentQuery') },
    ],
    'payment.result': [paid('paymentOk'), failed('paymentNotOk', 'payDeclined')],
    // A callback or the check timer: the provider is asked; its answer decides.
    'payment.callback': { guard: 'paymentNews', actions: fx('paymentQuery') },
    'call.result': [
      { guard: 'cardLink', actions: [up('takeCardLink'), fx('sendCardLink')] },
      { guard: 'promptSent', actions: fx('payAsk') },
      paid('queryPaid'),
      failed('queryFailed', 'payDeclined'),
      { guard: 'queryPending', actions: fx('nextCheck') },
      {
        guard: 'holdLost',
        target: 'when',
        actions: [
          lead('holdExpired'),
          fx('cancelPaymentTimer'),
          up('clearWhen'),
          up('clearPending'),
        ],
      },
      failed('requestFailed', 'payUnavailable'),
    ],
    'payment.timeout': [
      {
        guard: 'cardAbandoned',
        target: '#idle',
        actions: [fx('cardAbandon'), up('clearPending')],
      },
      {
        guard: 'paymentTimedOut',
        target: 'payFailed',
        // One last look: a payment made at the last second still confirms the booking.
        actions: [
          lead('payTimedOut'),
          fx('cancelPaymentTimer'),
          fx('paymentQuery'),
          up('clearPending'),
        ],
      },
    ],
    'effect.failed': failed(failedFor('payment.request'), 'payUnavailable'),
    message: [
      ...preempt,
      {
        guard: 'paymentOverdue',
        target: 'payFailed',
        actions: ['seen', lead('payTimedOut'), fx('cancelPaymentTimer'), up('clearPending')],
      },
      { actions: ['seen', fx('payWaiting')] },
    ],
  },
});

export const payFailedState = threadSetup.createStateConfig({
  entry: p('payFailed'),
  on: {
    'payment.callback': { guard: 'paymentNews', actions: fx('paymentQuery') },
    'call.result': [
      { guard: 'queryPaid', target: '#confirmed', actions: up('markPaid') },
      { guard: 'holdLost', target: 'when', actions: [lead('holdExpired'), up('clearWhen')] },
    ],
    message: [
      ...preempt,
      // "M-Pesa" after a card failed (or "card" after M-Pesa did): that way, now.
      { guard: 'payWithChosen', target: 'paying', actions: ['seen', up('choosePay')] },
      { guard: 'payRetry', target: 'paying', actions: 'seen' },
      {
        guard: 'paySkip',
        target: '#confirmed',
        actions: ['seen', fx('payWaive'), fx('paySkipped')],
      },
      { guard: 'payCancel', target: '#idle', actions: ['seen', fx('payRelease')] },
      leave('booking'),
      staleTap('payFailed'),
      ...clarify('payFailed'),
    ],
  },
});

/** M-Pesa or card, when the tenant takes both (the slot is already held). */
export const payChooseState = threadSetup.createStateConfig({
  entry: p('payChoose'),
  on: {
    message: [
      ...preempt,
      { guard: 'payWithChosen', target: 'paying', actions: ['seen', up('choosePay')] },
      { guard: 'payCancel', target: '#idle', actions: ['seen', fx('payRelease')] },
      leave('booking'),
      staleTap('payChoose'),
      ...clarify('payChoose'),
    ],
  },
});
