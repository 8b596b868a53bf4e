import type { Effect } from '../../contract';
import type { CustomerThreadEvent } from './types';

/**
 * The console's calendar cancels a booking through the customer's thread: the thread asks the
 * booking service like any other call, and the result tells the customer, in their language.
 */
export function operatorCancel(_: unknown, e: CustomerThreadEvent): Effect[] {
  return e.type === 'operator.cancel' && e.appointmentId > 0
    ? [{ type: 'call', kind: 'booking.cancel', payload: { appointmentId: e.appointmentId } }]
    : [];
}
