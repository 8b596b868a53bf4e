import type { AppointmentSummary, Slot } from '../../contract';
import { splitIso } from './format';
import type { Said } from './types';

/** Stable ids of buttons and rows, and matching a customer's choice against what was offered. */

/** Drops zero seconds so `…T15:00:00+03:00` and `…T15:00+03:00` name the same slot. */
export function normStart(iso: string): string {
  return iso.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):00(?:\.0+)?(?=[+-]|Z|$)/, '$1');
}

export const ids = {
  service: (id: string) => `svc:${id}`,
  staff: (id: string | null) => `staff:${id ?? 'any'}`,
  day: (date: string) => `day:${date}`,
  soonest: 'when:soonest',
  slot: (slot: Slot) => `slot:${normStart(slot.start)}:${slot.staffId}`,
  appointment: (id: number) => `appt:${id}`,
  yes: (kind: 'confirm' | 'addon' | 'human' | 'resume') => `${kind}:yes`,
  no: (kind: 'confirm' | 'addon' | 'human' | 'resume') => `${kind}:no`,
  pay: (retry: boolean) => (retry ? 'pay:retry' : 'pay:skip'),
  payCancel: () => 'pay:cancel',
  payWith: (card: boolean) => (card ? 'paywith:card' : 'paywith:mpesa'),
  menu: (item: string) => `menu:${item}`,
  reminder: (action: 'confirm' | 'reschedule', id: number) => `reminder:${action}:${id}`,
};

/** The offered slot the customer picked: a tap, "the second one", or a time that fits one. */
export function matchOffer(offers: readonly Slot[], s: Said): Slot | null {
  const tap = s.tap;
  if (tap) {
    if (tap.kind !== 'slot') return null;
    const start = normStart(tap.start);
    return offers.find((o) => normStart(o.start) === start && o.staffId === tap.staffId) ?? null;
  }
  if (s.choice !== null && s.choice >= 1 && s.choice <= offers.length) {
    return offers[s.choice - 1] ?? null;
  }
  if (s.time !== null) {
    const fits = offers.filter((o) => {
      const p = splitIso(o.start);
      return (
        p?.time === s.time &&
        (s.date === null || p.date === s.date) &&
        (s.staffId === null || o.staffId === s.staffId)
      );
    });
    if (fits.length === 1) return fits[0] ?? null;
  }
  return null;
}

/** The listed appointment the customer picked: a tap, a number, or the only one that fits. */
export function matchAppointment(
  list: readonly AppointmentSummary[],
  s: Said,
): AppointmentSummary | null {
  const tap = s.tap;
  if (tap) return tap.kind === 'appt' ? (list.find((a) => a.id === tap.id) ?? null) : null;
  if (s.choice !== null && s.choice >= 1 && s.choice <= list.length) {
    return list[s.choice - 1] ?? null;
  }
  const serviceId = s.serviceIds[0];
  if (serviceId === undefined && s.date === null && s.staffId === null) return null;
  const fits = list.filter(
    (a) =>
      (serviceId === undefined || a.serviceId === serviceId) &&
      (s.date === null || splitIso(a.start)?.date === s.date) &&
      (s.staffId === null || a.staffId === s.staffId),
  );
  return fits.length === 1 ? (fits[0] ?? null) : null;
}
