import type { Effect } from '../../contract';
import { okAppointment } from './results';
import { apptParams, svcName, t, text } from './replies';
import { when } from './format';
import type { CustomerThreadEvent, ThreadContext } from './types';

/**
 * The console's calendar cancels a booking through the customer's thread: the thread asks the
 * booking service like any other call, and the result tells the customer, in their language.
 * (Kept for `operator.cancel` events already in inboxes; the calendar now sends
 * `operator.changed`.)
 */
export function operatorCancel(_: unknown, e: CustomerThreadEvent): Effect[] {
  return e.type === 'operator.cancel' && e.appointmentId > 0
    ? [{ type: 'call', kind: 'booking.cancel', payload: { appointmentId: e.appointmentId } }]
    : [];
}

/**
 * A booking the salon made, moved or cancelled from the console's calendar (done already, with
 * the conflict checked there): the customer is told in their own language, with the thread's own
 * words; a paid booking cancelled inside the refund policy starts its refund here, like a
 * customer's own cancel.
 */
export function operatorChanged(c: ThreadContext, e: CustomerThreadEvent): Effect[] {
  if (e.type !== 'operator.changed') return [];
  const a = okAppointment({ ok: true, appointment: e.appointment });
  if (!a) return [];
  const say = (key: 'booked' | 'moved' | 'cancelled'): Effect => ({
    type: 'reply',
    message: text(t(c, key, apptParams(c, a))),
  });
  switch (e.change) {
    case 'booked':
      return [say('booked')];
    case 'moved':
      return [say('moved')];
    case 'cancelled': {
      const refund = typeof e.refundDueMinor === 'number' ? e.refundDueMinor : 0;
      return [
        say('cancelled'),
        ...(refund > 0
          ? [{ type: 'call', kind: 'payment.refund', payload: { appointmentId: a.id } } as Effect]
          : []),
      ];
    }
    default:
      return [];
  }
}

/** The nightly reaper released a hold of this thread: the customer hears it, in their language. */
export function holdReleasedNotice(c: ThreadContext, e: CustomerThreadEvent): Effect[] {
  if (e.type !== 'payment.released' || typeof e.start !== 'string') return [];
  const service = svcName(c, e.serviceId) || e.serviceName;
  const message = text(t(c, 'holdReleasedLater', { service, when: when(e.start, c.lang) }));
  return [{ type: 'reply', message }];
}
