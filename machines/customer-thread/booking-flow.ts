import { and, not } from 'xstate';
import { payChooseState, payFailedState, payingState } from './booking-payment';
import { fx, issue, lead, p, threadSetup, up } from './setup';
import {
  busy,
  clarify,
  failedTo,
  intentIs,
  leave,
  notThisSlot,
  pickOrChange,
  preempt,
  question,
  refused,
  restartish,
  resultFor,
  searching,
  staleTap,
  stop,
  waitingFor,
  yes,
} from './shared';

/**
 * Booking: service -> staff (or anyone) -> day/time -> offered slots -> confirm -> M-Pesa (when
 * the tenant takes payments) -> `#confirmed`. Whatever the customer says is merged into the draft
 * (`absorb`) and `route` picks the next missing piece, so "braids with Achieng on Friday at 3"
 * goes straight to the search.
 */

/** The start of a booking step's message list: STOP, the resume question, then the shared ones. */
const head = [
  stop,
  { guard: 'resumeGap', target: '#resumeBooking', actions: ['seen', lead('welcomeBack')] },
  ...restartish,
  question,
  leave('booking'),
] as const;

/** The end of a booking step's message list: new details, stale buttons, unclear. */
const tail = (self: string) =>
  [
    {
      guard: 'datePassed',
      target: 'route',
      actions: ['seen', up('clearWhen'), lead('requestNotes')],
    },
    {
      guard: 'bookingInfo',
      target: 'route',
      actions: ['seen', up('absorb'), lead('requestNotes')],
    },
    staleTap(self),
    ...clarify(self),
  ] as const;

export const bookingStates = threadSetup.createStateConfig({
  id: 'booking',
  initial: 'route',
  states: {
    route: {
      id: 'bookingRoute',
      always: [
        { guard: 'hasAsides', target: 'aside' },
        { guard: 'needService', target: 'service' },
        { guard: 'needStaff', target: 'staff' },
        { guard: 'needWhen', target: 'when' },
        { target: 'searching' },
      ],
    },
    // "book a massage, where do I park?": the side question is answered first, in a line.
    aside: {
      entry: issue('aside.answer'),
      on: {
        'call.result': {
          guard: resultFor('inquiry.answer'),
          target: 'route',
          actions: [fx('asideAnswer'), up('clearAsides'), up('clearPending')],
        },
        'effect.failed': failedTo('inquiry.answer', 'route', [
          up('clearAsides'),
          up('clearPending'),
        ]),
        message: [
          ...preempt,
          {
            guard: 'bookingInfo',
            target: 'route',
            actions: ['seen', up('clearAsides'), up('absorb'), up('clearPending')],
          },
          { actions: ['seen', fx('holdOn')] },
        ],
      },
    },
    service: {
      entry: p('askService'),
      on: { message: [...head, ...tail('service')] },
    },
    staff: {
      entry: p('askStaff'),
      on: {
        message: [
          ...head,
          { guard: 'pickedStaff', target: 'route', actions: ['seen', up('chooseStaff')] },
          ...tail('staff'),
        ],
      },
    },
    when: {
      entry: p('askWhen'),
      on: { message: [...head, ...tail('when')] },
    },
    searching: searching([
      ...preempt,
      question,
      leave('booking'),
      { guard: 'bookingInfo', target: 'route', actions: ['seen', up('absorb')] } as const,
      ...waitingFor('searching'),
    ]),
    offering: {
      entry: p('offerSlots'),
      on: {
        message: [...head, ...pickOrChange, ...tail('offering')],
      },
    },
    confirming: {
      entry: p('confirmSlot'),
      on: {
        message: [
          ...head,
          { guard: yes('confirm'), target: 'creating', actions: 'seen' },
          // Regression: "ok book it" / "please book it" answer "Shall I book it?" but read as a
          // new booking request with nothing in it, and got "Sorry, I didn't get that."
          {
            guard: and([intentIs('book'), not('bookingInfo')]),
            target: 'creating',
            actions: 'seen',
          },
          ...notThisSlot,
          ...tail('confirming'),
        ],
      },
    },
    creating: {
      entry: issue('booking.create'),
      on: {
        'call.result': [
          {
            guard: and(['created', 'paymentNeeded', 'payChoice']),
            target: 'payChoose',
            actions: [up('takeBooked'), up('clearPayWith')],
          },
          {
            guard: and(['created', 'paymentNeeded']),
            target: 'paying',
            actions: [up('takeBooked'), up('clearPayWith')],
          },
          { guard: 'created', target: '#confirmed', actions: up('takeBooked') },
          ...refused(and(['createRejected', 'hasAlternatives']), 'booking.create'),
        ],
        'effect.failed': failedTo('booking.create', 'confirming', [
          lead('failed'),
          up('clearPending'),
        ]),
        message: busy,
      },
    },
    payChoose: payChooseState,
    paying: payingState,
    payFailed: payFailedState,
  },
});
