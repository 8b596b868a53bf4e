import type { AppointmentSummary, Language, Slot } from '../../contract';
import type { CatalogService, CatalogStaff, ThreadSettings } from './types';

/** Lookups in the tenant's catalog (services, staff) as the thread knows it from its settings. */

export function serviceById(s: ThreadSettings, id: string | null): CatalogService | null {
  return id ? (s.services.find((x) => x.id === id) ?? null) : null;
}

/** A service id the customer may book: in the catalog, or anything when no catalog is known. */
export function knownService(s: ThreadSettings, id: string): boolean {
  return s.services.length === 0 || s.services.some((x) => x.id === id);
}

export function serviceName(s: ThreadSettings, id: string | null, lang: Language): string {
  const svc = serviceById(s, id);
  if (!svc) return id ?? '';
  return lang === 'sw' ? (svc.name.sw ?? svc.name.en) : svc.name.en;
}

export function staffById(s: ThreadSettings, id: string | null): CatalogStaff | null {
  return id ? (s.staff.find((x) => x.id === id) ?? null) : null;
}

export function staffName(s: ThreadSettings, id: string | null): string | null {
  return id ? (staffById(s, id)?.name ?? id) : null;
}

/** Staff who do a service (everyone named, when the catalog does not say). */
export function staffFor(s: ThreadSettings, serviceId: string | null): CatalogStaff[] {
  if (!serviceId) return [];
  return s.staff.filter((x) => x.services.length === 0 || x.services.includes(serviceId));
}

/** A named staff member can do the service (or we cannot tell). */
export function staffDoes(s: ThreadSettings, staffId: string, serviceId: string | null): boolean {
  const st = staffById(s, staffId);
  if (!st || !serviceId) return s.staff.length === 0 || st !== null;
  return st.services.length === 0 || st.services.includes(serviceId);
}

export function priceOf(s: ThreadSettings, serviceId: string | null): number | null {
  return serviceById(s, serviceId)?.priceKesMinor ?? null;
}

/**
 * The add-on to suggest after a booking: another service the same staff member does that costs
 * less than the one booked (a KES 3,500 braid is no add-on to a KES 800 haircut), the same
 * category first, then the cheapest.
 */
export function addOnFor(s: ThreadSettings, booked: AppointmentSummary): CatalogService | null {
  const staff = staffById(s, booked.staffId);
  const main = serviceById(s, booked.serviceId);
  if (!staff || !main) return null;
  const candidates = s.services
    .filter(
      (x) =>
        x.id !== main.id && staff.services.includes(x.id) && x.priceKesMinor < main.priceKesMinor,
    )
    .sort(
      (a, b) =>
        Number(b.category === main.category) - Number(a.category === main.category) ||
        a.priceKesMinor - b.priceKesMinor,
    );
  return candidates[0] ?? null;
}

/** What to ask for with M-Pesa: the deposit share of the price, or all of it. */
export function amountToPay(s: ThreadSettings, booked: AppointmentSummary): number {
  // The runtime's payments policy decided it when the slot was held.
  if (booked.payment) return booked.payment.dueMinor;
  const pct = s.payments.depositPercent;
  const price = Math.max(0, Math.round(booked.priceKesMinor));
  return pct > 0 ? Math.round((price * pct) / 100) : price;
}

/** The slot's staff name, for a slot the search returned. */
export function slotStaff(slot: Slot): string {
  return slot.staffName || slot.staffId;
}
