import { and } from 'xstate';
import { fx, issue, lead, p, threadSetup, up } from './setup';
import {
  chatCopy,
  clarify,
  failedFor,
  failedTo,
  intentIs,
  leave,
  no,
  preempt,
  question,
  resultFor,
  staleTap,
  stop,
  toIdle,
  yes,
} from './shared';

/**
 * The conversation's other states: `idle` (the dispatcher every unplaced message ends up in), the
 * booking's aftermath (confirmed, cross-sell, resume), my bookings, inquiry, offering a human, and
 * a reminder's "1 confirm / 2 reschedule".
 */

export const idleState = threadSetup.createStateConfig({
  id: 'idle',
  entry: up('resetFlow'),
  on: {
    'reminder.due': {
      guard: 'validReminder',
      target: '#reminder',
      actions: up('rememberReminder'),
    },
    message: [
      stop,
      chatCopy,
      { guard: 'isRestart', actions: ['seen', p('greeting')] },
      { guard: 'reminderConfirmTap', actions: ['seen', fx('reminderConfirmed')] },
      { guard: 'reminderMoveTap', target: '#reschedule', actions: ['seen', up('reminderTarget')] },
      { guard: 'wantsHuman', target: '#waitingHuman', actions: 'seen' },
      { guard: no('human'), actions: ['seen', fx('humanDeclined')] },
      {
        guard: 'startsBooking',
        target: '#booking',
        actions: ['seen', up('absorb'), lead('requestNotes')],
      },
      { guard: intentIs('cancel'), target: '#cancel', actions: 'seen' },
      { guard: intentIs('reschedule'), target: '#reschedule', actions: ['seen', up('absorb')] },
      { guard: intentIs('my_bookings'), target: '#myBookings', actions: 'seen' },
      { guard: 'asksQuestion', target: '#inquiry', actions: 'seen' },
      { guard: 'isThanks', actions: ['seen', fx('welcome')] },
      { guard: 'isReaction', actions: ['seen', fx('reaction')] },
      { guard: 'isTap', actions: ['seen', fx('expired')] },
      { guard: 'tooManyMisses', target: '#offerHuman', actions: ['seen', lead('stuck')] },
      { actions: ['seenMiss', fx('clarifyMenu')] },
    ],
  },
});

/** Booked (and paid, when asked): the summary, then one cross-sell offer or back to idle. */
export const confirmedState = threadSetup.createStateConfig({
  id: 'confirmed',
  entry: [fx('booked'), up('noteCallBooking')],
  always: [
    // "a haircut and a manicure": the next one, right after the one just booked.
    { guard: 'hasQueue', target: '#booking', actions: [up('nextInQueue'), lead('nextService')] },
    { guard: 'canCrossSell', target: '#crossSell' },
    { target: '#idle' },
  ],
});

/** "Shall we continue with the pedicure on Friday?" after a pause, or after a question. */
export const resumeBookingState = threadSetup.createStateConfig({
  id: 'resumeBooking',
  entry: p('resumeAsk'),
  on: {
    message: [
      ...preempt,
      { guard: yes('resume'), target: '#bookingRoute', actions: 'seen' },
      { guard: no('resume'), target: '#idle', actions: ['seen', fx('startOver')] },
      leave('booking'),
      question,
      { guard: 'bookingInfo', target: '#bookingRoute', actions: ['seen', up('absorb')] },
      staleTap('resumeBooking'),
      ...clarify('resumeBooking'),
    ],
  },
});

export const crossSellStates = threadSetup.createStateConfig({
  id: 'crossSell',
  initial: 'searching',
  states: {
    searching: {
      entry: issue('addon.search'),
      on: {
        'call.result': [
          { guard: 'addOnFound', target: 'offering', actions: up('takeAddOn') },
          { guard: resultFor('availability.search'), target: '#idle' },
        ],
        'effect.failed': { guard: failedFor('availability.search'), target: '#idle' },
        message: toIdle,
      },
    },
    offering: {
      entry: p('addOnOffer'),
      on: {
        message: [
          ...preempt,
          { guard: yes('addon'), target: 'creating', actions: 'seen' },
          {
            guard: no('addon'),
            target: '#idle',
            actions: ['seen', fx('addOnDeclined'), up('declineUpsell')],
          },
          toIdle,
        ],
      },
    },
    creating: {
      entry: issue('addon.create'),
      on: {
        'call.result': [
          { guard: 'created', target: '#idle', actions: fx('addOnBooked') },
          { guard: resultFor('booking.create'), target: '#idle', actions: fx('addOnFailed') },
        ],
        'effect.failed': failedTo('booking.create', '#idle', fx('addOnFailed')),
        message: [...preempt, { actions: ['seen', fx('stillWorking')] }],
      },
    },
  },
});

export const myBookingsState = threadSetup.createStateConfig({
  id: 'myBookings',
  entry: issue('booking.list'),
  on: {
    'call.result': { guard: resultFor('booking.list'), target: '#idle', actions: fx('myBookings') },
    'effect.failed': failedTo('booking.list', '#idle', fx('failedMenu')),
    message: [...preempt, toIdle],
  },
});

/** Prices, hours, location, knowledge: `inquiry.answer`; unanswered -> offer a human. */
export const inquiryState = threadSetup.createStateConfig({
  id: 'inquiry',
  entry: issue('inquiry.answer'),
  on: {
    'call.result': [
      { guard: and(['answered', 'hasDraft']), target: '#resumeBooking', actions: fx('answer') },
      { guard: 'answered', target: '#idle', actions: fx('answer') },
      { guard: resultFor('inquiry.answer'), target: '#offerHuman', actions: lead('unanswered') },
    ],
    'effect.failed': failedTo('inquiry.answer', '#offerHuman', lead('unanswered')),
    message: [...preempt, toIdle],
  },
});

export const offerHumanState = threadSetup.createStateConfig({
  id: 'offerHuman',
  entry: p('offerHuman'),
  on: {
    message: [
      ...preempt,
      { guard: yes('human'), target: '#waitingHuman', actions: 'seen' },
      { guard: no('human'), target: '#idle', actions: ['seen', fx('humanDeclined')] },
      toIdle,
    ],
  },
});

export const reminderState = threadSetup.createStateConfig({
  id: 'reminder',
  entry: p('reminder'),
  on: {
    message: [
      ...preempt,
      { guard: 'reminderYes', target: '#idle', actions: ['seen', fx('reminderConfirmed')] },
      { guard: 'reminderMove', target: '#reschedule', actions: ['seen', up('reminderTarget')] },
      toIdle,
    ],
  },
});
