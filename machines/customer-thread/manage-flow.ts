import { fx, issue, lead, p, threadSetup, up } from './setup';
import {
  askAgain,
  busy,
  clarify,
  failedTo,
  leave,
  no,
  notThisSlot,
  pickOrChange,
  preempt,
  question,
  refused,
  resultFor,
  searching,
  staleTap,
  waitingFor,
  yes,
} from './shared';

/**
 * Cancel and reschedule: list the customer's upcoming bookings (`booking.list`), pick one (skipped
 * when there is only one, or a reminder named it), confirm, then the call. Reschedule keeps the
 * service and the staff member and asks only for the new day and time.
 */

const listing = (
  flow: 'cancel' | 'reschedule',
  next: 'confirming' | 'route',
  onTarget: readonly ReturnType<typeof up>[],
) =>
  ({
    entry: issue('booking.list'),
    on: {
      'call.result': [
        { guard: 'listedNone', target: '#idle', actions: fx('noUpcoming') },
        { guard: 'listedTarget', target: next, actions: [up('takeList'), ...onTarget] },
        { guard: 'listed', target: 'choosing', actions: up('takeList') },
        { guard: resultFor('booking.list'), target: '#idle', actions: fx('failedMenu') },
      ],
      'effect.failed': failedTo('booking.list', '#idle', fx('failedMenu')),
      message: [...preempt, leave(flow), ...waitingFor('listing')],
    },
  }) as const;

const notInList = askAgain('apptTap', 'choosing', 'notInList');

export const cancelStates = threadSetup.createStateConfig({
  id: 'cancel',
  initial: 'listing',
  states: {
    listing: listing('cancel', 'confirming', []),
    choosing: {
      entry: p('chooseCancel'),
      on: {
        message: [
          ...preempt,
          question,
          // Regression: naming the booking ("the manicure") reads as a booking request, and
          // leave() took the customer into booking a new one; a listed booking it names wins.
          {
            guard: 'pickedAppointment',
            target: 'confirming',
            actions: ['seen', up('pickAppointment')],
          },
          leave('cancel'),
          { guard: no('confirm'), target: '#idle', actions: ['seen', fx('cancelKept')] },
          notInList,
          staleTap('choosing'),
          ...clarify('choosing'),
        ],
      },
    },
    confirming: {
      entry: p('confirmCancel'),
      on: {
        message: [
          ...preempt,
          question,
          { guard: yes('confirm'), target: 'cancelling', actions: 'seen' },
          { guard: no('confirm'), target: '#idle', actions: ['seen', fx('cancelKept')] },
          // Regression: naming the booking ("the manicure") reads as a booking request, and
          // leave() took the customer into booking a new one; a listed booking it names wins.
          {
            guard: 'pickedAppointment',
            target: 'confirming',
            reenter: true,
            actions: ['seen', up('pickAppointment')],
          },
          leave('cancel'),
          staleTap('confirming'),
          ...clarify('confirming'),
        ],
      },
    },
    cancelling: {
      entry: issue('booking.cancel'),
      on: {
        'call.result': [
          { guard: 'cancelled', target: '#idle', actions: fx('cancelled') },
          { guard: 'pastCutoff', target: '#offerHuman', actions: lead('pastCutoff') },
          { guard: resultFor('booking.cancel'), target: '#idle', actions: fx('bookingGone') },
        ],
        'effect.failed': failedTo('booking.cancel', '#idle', fx('failedMenu')),
        message: busy,
      },
    },
  },
});

/** Reschedule steps after the appointment is known: new day/time -> slots -> confirm -> move. */
const whenInfo = {
  guard: 'whenInfo',
  target: 'route',
  actions: ['seen', up('prepareMove')],
} as const;
const pastDay = askAgain('datePassed', 'when', 'pastDay');

export const rescheduleStates = threadSetup.createStateConfig({
  id: 'reschedule',
  initial: 'listing',
  states: {
    listing: listing('reschedule', 'route', [up('prepareMove')]),
    choosing: {
      entry: p('chooseMove'),
      on: {
        message: [
          ...preempt,
          question,
          // Regression: naming the booking ("the manicure") reads as a booking request, and
          // leave() took the customer into booking a new one; a listed booking it names wins.
          {
            guard: 'pickedAppointment',
            target: 'route',
            actions: ['seen', up('pickAppointment'), up('prepareMove')],
          },
          leave('reschedule'),
          { guard: no('confirm'), target: '#idle', actions: ['seen', fx('cancelKept')] },
          notInList,
          staleTap('choosing'),
          ...clarify('choosing'),
        ],
      },
    },
    route: {
      always: [
        // Past the reschedule cutoff: said before the customer picks a new time, not after.
        { guard: 'moveTooLate', target: '#offerHuman', actions: lead('moveTooLate') },
        { guard: 'needWhen', target: 'when' },
        { target: 'searching' },
      ],
    },
    when: {
      entry: p('askNewWhen'),
      on: {
        message: [
          ...preempt,
          question,
          leave('reschedule'),
          pastDay,
          whenInfo,
          staleTap('when'),
          ...clarify('when'),
        ],
      },
    },
    searching: searching([...preempt, leave('reschedule'), whenInfo, ...waitingFor('searching')]),
    offering: {
      entry: p('offerSlots'),
      on: {
        message: [
          ...preempt,
          question,
          leave('reschedule'),
          ...pickOrChange,
          pastDay,
          whenInfo,
          staleTap('offering'),
          ...clarify('offering'),
        ],
      },
    },
    confirming: {
      entry: p('confirmMove'),
      on: {
        message: [
          ...preempt,
          question,
          leave('reschedule'),
          { guard: yes('confirm'), target: 'moving', actions: 'seen' },
          ...notThisSlot,
          whenInfo,
          staleTap('confirming'),
          ...clarify('confirming'),
        ],
      },
    },
    moving: {
      entry: issue('booking.reschedule'),
      on: {
        'call.result': [
          { guard: 'moved', target: '#idle', actions: fx('moved') },
          { guard: 'pastCutoff', target: '#offerHuman', actions: lead('pastCutoff') },
          { guard: 'moveNotFound', target: '#idle', actions: fx('bookingGone') },
          ...refused('hasAlternatives', 'booking.reschedule'),
        ],
        'effect.failed': failedTo('booking.reschedule', '#idle', fx('failedMenu')),
        message: busy,
      },
    },
  },
});
