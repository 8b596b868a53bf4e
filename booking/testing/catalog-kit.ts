import type { BookingPolicy, CatalogService, CatalogStaff, WeekHours } from '../types';
import type { CurrentCatalog } from '../catalog-import';

/**
 * Catalog pieces for the domain's unit tests. The policy is spelled out (not the default) so a
 * change of the default does not move what the tests check: 60 min lead time, 30 days ahead,
 * 120 min cancel and reschedule cutoffs, 15 min slot steps.
 */
export const TEST_POLICY: BookingPolicy = {
  leadTimeMin: 60,
  horizonDays: 30,
  cancelCutoffMin: 120,
  rescheduleCutoffMin: 120,
  slotStepMin: 15,
};

/** Opening hours from whole hours: `hours(8, 19)` is 08:00-19:00. */
export const hours = (open: number, close: number) => ({
  openMin: open * 60,
  closeMin: close * 60,
});

/** An active hair service named by its id, KES 800. */
export function testService(id: string, durationMin: number, bufferMin = 10): CatalogService {
  const base = { nameSw: null, category: 'hair', priceKesMinor: 80_000, aliases: [], active: true };
  return { ...base, id, nameEn: id, durationMin, bufferMin };
}

/** An active staff member named by their id (capitalised), on the salon's hours unless given. */
export function testStaff(
  id: string,
  serviceIds: string[],
  hours: WeekHours | null = null,
): CatalogStaff {
  return { id, name: id[0]!.toUpperCase() + id.slice(1), active: true, serviceIds, hours };
}

/**
 * A tenant's catalog as an import or a price-list draft is checked against: one haircut (KES 800,
 * alias "cut") done by `cutters`, and the tenant's `staff` (by default the cutters, active).
 */
export function currentWithHaircut(
  cutters: string[],
  staff: CurrentCatalog['staff'] = cutters.map((id) => ({ id, active: true })),
): CurrentCatalog {
  const haircut = {
    id: 'haircut',
    name_en: 'Haircut',
    name_sw: 'Kunyoa nywele',
    category: 'hair',
    duration_min: 30,
    buffer_min: 10,
    price_kes_minor: 80_000,
    aliases: ['cut'],
    active: true,
    staff: cutters,
  };
  return { services: [haircut], staff };
}
