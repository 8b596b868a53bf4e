import { activeNodeIds } from './api';

/**
 * Plain names of the customer thread's states, for operators ("Choosing a time"); the machine's
 * path stays available on hover. Unknown states get their last segment in words.
 */
const NAMES: Record<string, string> = {
  'active.conversation.idle': 'Chatting',
  'active.conversation.booking.route': 'Starting a booking',
  'active.conversation.booking.service': 'Choosing a service',
  'active.conversation.booking.staff': 'Choosing a stylist',
  'active.conversation.booking.when': 'Choosing a day',
  'active.conversation.booking.searching': 'Looking for free times',
  'active.conversation.booking.offering': 'Choosing a time',
  'active.conversation.booking.confirming': 'Confirming a booking',
  'active.conversation.booking.creating': 'Booking',
  'active.conversation.booking.paying': 'Paying by M-Pesa',
  'active.conversation.booking.payFailed': 'Payment failed',
  'active.conversation.confirmed': 'Booked',
  'active.conversation.resumeBooking': 'Back to the booking?',
  'active.conversation.crossSell.searching': 'Offered an extra',
  'active.conversation.crossSell.offering': 'Offered an extra',
  'active.conversation.crossSell.creating': 'Booking an extra',
  'active.conversation.cancel.listing': 'Cancelling',
  'active.conversation.cancel.choosing': 'Cancelling: which booking',
  'active.conversation.cancel.confirming': 'Cancelling: confirming',
  'active.conversation.cancel.cancelling': 'Cancelling',
  'active.conversation.reschedule.listing': 'Rescheduling',
  'active.conversation.reschedule.choosing': 'Rescheduling: which booking',
  'active.conversation.reschedule.route': 'Rescheduling',
  'active.conversation.reschedule.when': 'Rescheduling: choosing a day',
  'active.conversation.reschedule.searching': 'Rescheduling: looking for times',
  'active.conversation.reschedule.offering': 'Rescheduling: choosing a time',
  'active.conversation.reschedule.confirming': 'Rescheduling: confirming',
  'active.conversation.reschedule.moving': 'Rescheduling',
  'active.conversation.myBookings': 'Looking at bookings',
  'active.conversation.inquiry': 'Asking a question',
  'active.conversation.offerHuman': 'Offered a person',
  'active.conversation.reminder': 'Answering a reminder',
  'active.waitingHuman': 'Waiting for a person',
  'active.handedOff': 'With a person',
  optedOut: 'Opted out',
  idle: 'Idle',
  waiting: 'Waiting',
};

function words(id: string): string {
  const last = id.split('.').at(-1) ?? id;
  const w = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** The deepest active states of a state value. */
export function leafPaths(value: unknown): string[] {
  const ids = activeNodeIds(value).filter((id) => id !== '');
  return ids.filter((id) => !ids.some((o) => o.startsWith(id + '.')));
}

export function plainState(value: unknown): string {
  const leaves = leafPaths(value);
  if (leaves.length === 0) return 'New';
  return [...new Set(leaves.map((id) => NAMES[id] ?? words(id)))].join(', ');
}

/** The thread waits for, or is with, a person. */
export function isWithHuman(value: unknown): { waiting: boolean; handedOff: boolean } {
  const leaves = leafPaths(value);
  return {
    waiting: leaves.some((id) => /(^|\.)waitingHuman$/.test(id)),
    handedOff: leaves.some((id) => /(^|\.)handedOff$/.test(id)),
  };
}

/** "4 min", "2 h 5 min": how long something has been waiting. */
export function waited(since: number, now: number): string {
  const m = Math.max(0, Math.floor((now - since) / 60_000));
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days`;
}
