import type { CalendarAppointment, CalendarBlock, CalendarHoliday } from '$contract/console-api';
import { api, enc } from '$lib/api';
import { addDays, monday, offsetOf, type Staff } from './calendar-model';

/** `GET /api/tenants/:tenant/catalog`, as the calendar reads it. */
export interface CalendarCatalog {
  available: boolean;
  services: {
    id: string;
    name: string;
    durationMin: number;
    priceKesMinor: number;
    active: boolean;
  }[];
  staff: Staff[];
  hours: { weekday: number; open: string; close: string }[];
  staffHours: { staffId: string; weekday: number; open: string; close: string }[];
}

export interface CalendarData {
  catalog: CalendarCatalog;
  appointments: CalendarAppointment[];
  holidays: CalendarHoliday[];
  blocks: CalendarBlock[];
  /** False when the tenant's database has no booking tables. */
  available: boolean;
}

/** The catalog and the bookings of `day` (or of its week), midnight to midnight in `zone`. */
export async function loadCalendar(
  tenant: string,
  day: string,
  view: 'day' | 'week',
  zone: string,
): Promise<CalendarData> {
  const first = view === 'day' ? day : monday(day);
  const after = addDays(first, view === 'day' ? 1 : 7);
  const from = `${first}T00:00:00${offsetOf(first, zone)}`;
  const to = `${after}T00:00:00${offsetOf(after, zone)}`;
  const [catalog, b] = await Promise.all([
    api.get<CalendarCatalog>(`/api/tenants/${enc(tenant)}/catalog`),
    api.get<{
      available: boolean;
      appointments: CalendarAppointment[];
      holidays?: CalendarHoliday[];
      blocks?: CalendarBlock[];
    }>(`/api/tenants/${enc(tenant)}/bookings?from=${enc(from)}&to=${enc(to)}`),
  ]);
  return {
    catalog,
    appointments: b.appointments,
    holidays: b.holidays ?? [],
    blocks: b.blocks ?? [],
    available: b.available && catalog.available,
  };
}
