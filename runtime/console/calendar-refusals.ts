import type { Catalog } from '../../booking';
import type { AppointmentSummary, Slot } from '../../contract';

/** What a change from the calendar came to: done (the customer is being told), or refused. */
export type ChangeOutcome =
  | { ok: true; appointment: AppointmentSummary; thread: string; eventId: string }
  | { ok: false; code: string; message: string; alternatives?: Slot[] };

/**
 * Why the booking service refused a calendar change, in words an operator acts on (the reason
 * code stays in `code` for tests and tools); with other free times when it found some.
 */
export function refusal(
  reason: string,
  catalog: Catalog | null,
  staffId: string | null,
  alternatives: readonly Slot[],
): Extract<ChangeOutcome, { ok: false }> {
  const staff = catalog?.staff.find((s) => s.id === staffId)?.name;
  const policy = catalog?.policy;
  const alt = alternatives.length > 0 ? { alternatives: [...alternatives] } : {};
  const say = (message: string) => ({ ok: false as const, code: reason, message, ...alt });
  switch (reason) {
    case 'slot_taken':
      return say(
        `${staff ?? 'That staff member'} is already booked then (or the time overlaps another booking).`,
      );
    case 'outside_hours':
      return say(
        `Outside ${staff ? `${staff}'s` : 'the'} working hours, or the salon is closed or blocked then.`,
      );
    case 'too_soon':
      return say(
        `Too soon: bookings need ${policy?.leadTimeMin ?? 'the lead time in'} minutes' notice (and cannot be in the past).`,
      );
    case 'too_far':
      return say(
        `Too far ahead: bookings open ${policy?.horizonDays ?? 'a limited number of'} days ahead.`,
      );
    case 'past_cutoff':
      return say('This booking has already started or is over; it cannot be changed.');
    case 'not_found':
      return say('This booking is no longer active (cancelled, done or moved meanwhile).');
    case 'already_cancelled':
      return say('This booking is already cancelled.');
    default:
      return say(`Refused: ${reason.replace(/_/g, ' ')}.`);
  }
}

/** A staff member who does not exist or does not do the service: refused before booking. */
export function staffProblem(
  catalog: Catalog,
  serviceId: string,
  staffId: string,
): ChangeOutcome | null {
  const service = catalog.services.find((s) => s.id === serviceId);
  if (!service) return { ok: false, code: 'unknown_service', message: `No service ${serviceId}.` };
  const staff = catalog.staff.find((s) => s.id === staffId && s.active);
  if (!staff)
    return { ok: false, code: 'unknown_staff', message: `No active staff member ${staffId}.` };
  if (!staff.serviceIds.includes(serviceId))
    return {
      ok: false,
      code: 'staff_not_qualified',
      message: `${staff.name} does not do ${service.nameEn}.`,
    };
  return null;
}

export function statusText(status: string): string {
  switch (status) {
    case 'cancelled':
      return 'This booking is already cancelled.';
    case 'completed':
      return 'This booking is done (marked completed); it cannot be changed.';
    case 'no_show':
      return 'This booking was marked a no-show; it cannot be changed.';
    case 'pending_payment':
      return 'This booking is waiting for its payment; cancel it, or wait until it is paid, to move it.';
    default:
      return `This booking is ${status.replace(/_/g, ' ')}; it cannot be changed.`;
  }
}

export const kes = (minor: number) => `KES ${(minor / 100).toLocaleString('en-GB')}`;
