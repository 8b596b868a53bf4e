import type { Effect } from '../../contract';
import { svcName, t, text } from './replies';
import { when } from './format';
import type { CustomerThreadEvent, ThreadContext } from './types';

/**
 * The console's calendar cancels a booking through the customer's thread: the thread asks the
 * booking service like any other call, and the result tells the customer, in their language.
 */
export function operatorCancel(_: unknown, e: CustomerThreadEvent): Effect[] {
  return e.type === 'operator.cancel' && e.appointmentId > 0
    ? [{ type: 'call', kind: 'booking.cancel', payload: { appointmentId: e.appointmentId } }]
    : [];
}

/** The nightly reaper released a hold of this thread: the customer hears it, in their language. */
export function holdReleasedNotice(c: ThreadContext, e: CustomerThreadEvent): Effect[] {
  if (e.type !== 'payment.released' || typeof e.start !== 'string') return [];
  const service = svcName(c, e.serviceId) || e.serviceName;
  const message = text(t(c, 'holdReleasedLater', { service, when: when(e.start, c.lang) }));
  return [{ type: 'reply', message }];
}
