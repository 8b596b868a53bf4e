import { and, not, or, stateIn } from 'xstate';
import type { ThreadMachineDefinition } from '../machine-definition';
import { bookingStates } from './booking-flow';
import { cancelStates, rescheduleStates } from './manage-flow';
import { fx, initialContext, lead, p, threadSetup, up } from './setup';
import { resultFor } from './shared';
import {
  confirmedState,
  crossSellStates,
  idleState,
  inquiryState,
  myBookingsState,
  offerHumanState,
  reminderState,
  resumeBookingState,
} from './side-flows';

/**
 * One customer's conversation with a tenant.
 *
 * active
 *   conversation   the bot: idle, booking, confirmed, crossSell, resumeBooking, cancel,
 *                  reschedule, myBookings, inquiry, offerHuman, reminder
 *   waitingHuman   the customer asked for a person; messages are relayed to the admins
 *   handedOff      an owner or operator has the conversation; the bot is silent
 * optedOut         after STOP / ACHA / OUT: silent until START / ANZA
 *
 * Events: `message` (with `understanding` and/or `replyId`), `call.result` / `effect.failed` for
 * the calls below, `payment.result` {ok, appointmentId?}, `payment.timeout` {appointmentId} (its
 * own timer), `handoff.start` {by, name?}, `handoff.end`, `operator.message` {text},
 * `operator.cancel` {appointmentId} (the console's calendar; the result tells the customer),
 * `operator.changed` {change, appointment, refundDueMinor?} (a booking the calendar made, moved
 * or cancelled: the customer is told),
 * `reminder.due` {appointmentId, summary}.
 *
 * Effects: `reply` (text / buttons / list with stable ids), `call` (availability.search,
 * booking.create, booking.list, booking.cancel, booking.reschedule, inquiry.answer,
 * payment.request), `timer.set` / `timer.cancel` (`payment:<appointmentId>`), `thread.send` to
 * the admins (`relay` {text, fromThread, reason?}).
 *
 * `handoff.end` returns to `conversation`'s deep history: exactly the step it was in. Results
 * that arrived meanwhile are parked and replayed after the hand-back; a call is not re-issued.
 */
export const customerThreadMachine = threadSetup.createMachine({
  id: 'customerThread',
  context: ({ input }) => initialContext(input),
  initial: 'active',
  states: {
    active: {
      initial: 'conversation',
      on: {
        'handoff.start': { target: '.handedOff', actions: up('startHandoff') },
        'operator.message': { actions: fx('operatorReply') },
        'operator.cancel': { actions: fx('operatorCancel') },
        'operator.changed': { actions: fx('operatorChanged') },
        'payment.released': { actions: fx('holdReleasedNotice') },
        // The call is over: what was booked on it is confirmed in the chat channel.
        'call.ended': [
          { guard: 'bookedOnCall', actions: [fx('callBookings'), up('callEnded')] },
          // Its booking still waits for M-Pesa: the chat hears the time is held.
          { guard: 'payingOnCall', actions: [up('callEnded'), fx('callHeld')] },
          { actions: up('callEnded') },
        ],
      },
      states: {
        conversation: {
          initial: 'idle',
          on: {
            'reminder.due': {
              guard: 'validReminder',
              actions: [up('rememberReminder'), p('reminder')],
            },
            // A call from the customer: a booking under way in the chat goes on in the call's
            // first words ("Shall we continue with the box braids on Friday?"), in the chat's
            // language; otherwise the call opens with the greeting.
            'call.started': [
              {
                guard: and([or([stateIn('#booking'), stateIn('#resumeBooking')]), 'hasDraft']),
                target: '#resumeBooking',
                actions: [up('callStarted'), lead('callResume')],
              },
              { guard: stateIn('#idle'), actions: [up('callStarted'), p('greeting')] },
              { actions: up('callStarted') },
            ],
            // Results of booking changes that arrive after the customer moved on are still news.
            'call.result': [
              { guard: 'created', actions: fx('bookedLate') },
              { guard: 'cancelled', actions: fx('cancelled') },
              { guard: 'moved', actions: fx('moved') },
              // A second side question's answer, after the booking moved on.
              { guard: resultFor('inquiry.answer'), actions: fx('asideAnswer') },
              { guard: 'paidElsewhere', actions: fx('paidLate') },
              { guard: 'refundNews', actions: fx('refundNews') },
            ],
            // A callback about a payment this thread no longer waits for is still checked.
            'payment.callback': { guard: 'anyPaymentCallback', actions: fx('paymentQuery') },
          },
          states: {
            hist: { id: 'conversationHist', type: 'history', history: 'deep' },
            idle: idleState,
            booking: bookingStates,
            confirmed: confirmedState,
            resumeBooking: resumeBookingState,
            crossSell: crossSellStates,
            cancel: cancelStates,
            reschedule: rescheduleStates,
            myBookings: myBookingsState,
            inquiry: inquiryState,
            offerHuman: offerHumanState,
            reminder: reminderState,
          },
        },
        waitingHuman: {
          id: 'waitingHuman',
          entry: fx('humanRequested'),
          on: {
            // An operator resolved the request without taking over (the console's "Resolve",
            // or a hand-back): the bot picks up where the customer was.
            'handoff.end': { target: '#conversationHist', actions: up('endHandoff') },
            'reminder.due': {
              guard: 'validReminder',
              actions: [up('rememberReminder'), p('reminder')],
            },
            message: [
              { guard: 'isStop', target: '#optedOut', actions: ['seen', fx('relay')] },
              { guard: 'isMenuKeyword', target: '#idle', actions: ['seen', p('greeting')] },
              { guard: 'isReminderTap', target: '#idle', actions: ['seen', 'reroute'] },
              // Regression: "I want one for my sister's birthday", told to the team about a gift
              // card, started a booking and was never relayed; a wish to book with nothing in it
              // is for the person, a real request (a service, a day, a menu tap) still leaves.
              {
                guard: and([
                  { type: 'leaves', params: { flow: 'inquiry' } } as const,
                  not('vagueBooking'),
                ]),
                target: '#idle',
                actions: ['seen', 'reroute'],
              },
              { actions: ['seen', fx('humanAck')] },
            ],
          },
        },
        handedOff: {
          id: 'handedOff',
          on: {
            'handoff.start': { actions: up('startHandoff') },
            'handoff.end': {
              target: '#conversationHist',
              actions: ['replayParked', up('endHandoff')],
            },
            message: [
              { guard: 'isStop', target: '#optedOut', actions: ['seen', fx('relay')] },
              { actions: ['seen', fx('relay')] },
            ],
            'call.result': { actions: up('park') },
            'effect.failed': { actions: up('park') },
            'payment.result': { actions: up('park') },
            'payment.timeout': { actions: up('park') },
            'payment.callback': { actions: up('park') },
            'payment.check': { actions: up('park') },
            'reminder.due': { actions: up('park') },
          },
        },
      },
    },
    optedOut: {
      id: 'optedOut',
      entry: [up('endHandoff'), fx('optedOut')],
      on: {
        message: [
          { guard: 'isStart', target: '#idle', actions: ['seen', fx('optedIn')] },
          { actions: 'seen' },
        ],
      },
    },
  },
});

/**
 * Version 2 added `asides` (side questions still to answer), `queue` (services to book back to
 * back), `multiBooking` and `upsellDeclinedAt` to the context.
 */
export const customerThread: ThreadMachineDefinition = {
  name: 'customer-thread',
  version: 2,
  machine: customerThreadMachine,
  migrations: { 1: addAsidesAndQueue },
};

function addAsidesAndQueue(persisted: unknown): unknown {
  if (typeof persisted !== 'object' || persisted === null) return persisted;
  const snap = persisted as { context?: Record<string, unknown> };
  if (typeof snap.context !== 'object' || snap.context === null) return persisted;
  return {
    ...snap,
    context: {
      asides: [],
      queue: [],
      multiBooking: false,
      upsellDeclinedAt: null,
      ...snap.context,
    },
  };
}

export type {
  CustomerThreadEvent,
  HandoffEndEvent,
  HandoffStartEvent,
  OperatorMessageEvent,
  PaymentReleasedEvent,
  PaymentTimeoutEvent,
  ReminderDueEvent,
} from './types';
