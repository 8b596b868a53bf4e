import {
  firstRow,
  ident,
  type CalendarAppointment,
  type Queryable,
  queryRows,
  type TenantSchema,
} from '../../contract';
import { paymentsOfAppointments } from '../../booking';
import { maskPhone } from '../mailbox/phone';

/**
 * Bookings and catalog for the console. The booking tables come with `002_booking.sql`; a
 * database without them answers `available: false` instead of failing.
 */
export async function hasTables(
  q: Queryable,
  schema: TenantSchema,
  tables: string[],
): Promise<boolean> {
  const found = await firstRow<{ n: number }>(
    q,
    `SELECT count(*)::int AS n FROM information_schema.tables
     WHERE table_schema = $1 AND table_name = ANY($2::text[])`,
    [schema, tables],
  );
  return found?.n === tables.length;
}

/** The money of each booking that has a payment (tenants without payments: unchanged). */
export async function withPayments(
  q: Queryable,
  schema: TenantSchema,
  timezone: string,
  list: { available: boolean; appointments: CalendarAppointment[] },
): Promise<{ available: boolean; appointments: CalendarAppointment[] }> {
  if (!list.available || !(await hasTables(q, schema, ['payments', 'refunds']))) return list;
  const ids = list.appointments.map((a) => a.id);
  const money = await paymentsOfAppointments(q, schema, ids, timezone);
  return {
    ...list,
    appointments: list.appointments.map((a) => {
      const payment = money.get(Number(a.id));
      return payment ? { ...a, payment } : a;
    }),
  };
}

interface BookingRow {
  id: number;
  staff_id: string;
  staff_name: string;
  service_id: string;
  service_name: string;
  start_ms: number;
  end_ms: number;
  status: string;
  source_channel: string;
  price_kes_minor: number;
  phone: string | null;
  display_name: string | null;
  thread_key: string | null;
}

const calendarAppointment = (r: BookingRow): CalendarAppointment => ({
  id: r.id,
  staffId: r.staff_id,
  staffName: r.staff_name,
  serviceId: r.service_id,
  serviceName: r.service_name,
  start: r.start_ms,
  end: r.end_ms,
  status: r.status,
  channel: r.source_channel,
  priceKesMinor: r.price_kes_minor,
  // The name the customer is known by (as in the conversation list), else the masked number.
  customer: r.display_name || (r.phone ? maskPhone(r.phone) : null),
  threadKey: r.thread_key,
});

export async function listBookings(
  q: Queryable,
  schema: TenantSchema,
  fromMs: number,
  toMs: number,
): Promise<{ available: boolean; appointments: CalendarAppointment[] }> {
  if (!(await hasTables(q, schema, ['appointments', 'services', 'staff', 'customers'])))
    return { available: false, appointments: [] };
  const s = ident(schema);
  const appointments = await queryRows(
    q,
    `SELECT a.id, a.staff_id, st.name AS staff_name, a.service_id, sv.name_en AS service_name,
            (extract(epoch FROM a.start_at) * 1000)::bigint AS start_ms,
            (extract(epoch FROM a.end_at) * 1000)::bigint AS end_ms,
            a.status, a.source_channel, a.price_kes_minor, c.phone, c.display_name, a.thread_key
     FROM ${s}.appointments a
     JOIN ${s}.staff st ON st.id = a.staff_id
     JOIN ${s}.services sv ON sv.id = a.service_id
     LEFT JOIN ${s}.customers c ON c.id = a.customer_id
     WHERE a.start_at < to_timestamp($2::double precision / 1000)
       AND a.end_at > to_timestamp($1::double precision / 1000)
     ORDER BY a.start_at, a.staff_id LIMIT 2000`,
    [fromMs, toMs],
    calendarAppointment,
  );
  return { available: true, appointments };
}

export interface Catalog {
  available: boolean;
  services: {
    id: string;
    name: string;
    nameSw: string | null;
    category: string;
    durationMin: number;
    priceKesMinor: number;
    active: boolean;
  }[];
  staff: { id: string; name: string; active: boolean; services: string[] }[];
  hours: { weekday: number; open: string; close: string }[];
  staffHours: { staffId: string; weekday: number; open: string; close: string }[];
}

interface ServiceRow {
  id: string;
  name_en: string;
  name_sw: string | null;
  category: string;
  duration_min: number;
  price_kes_minor: number;
  active: boolean;
}

export async function readCatalog(q: Queryable, schema: TenantSchema): Promise<Catalog> {
  const empty: Catalog = { available: false, services: [], staff: [], hours: [], staffHours: [] };
  if (!(await hasTables(q, schema, ['services', 'staff', 'staff_services', 'business_hours'])))
    return empty;
  const s = ident(schema);
  const services = await queryRows(
    q,
    `SELECT id, name_en, name_sw, category, duration_min, price_kes_minor, active
     FROM ${s}.services ORDER BY position, id`,
    [],
    (r: ServiceRow) => ({
      id: r.id,
      name: r.name_en,
      nameSw: r.name_sw,
      category: r.category,
      durationMin: r.duration_min,
      priceKesMinor: r.price_kes_minor,
      active: r.active,
    }),
  );
  const staff = await q.query<{ id: string; name: string; active: boolean; services: string[] }>(
    `SELECT st.id, st.name, st.active,
            COALESCE(array_agg(ss.service_id ORDER BY ss.service_id)
                     FILTER (WHERE ss.service_id IS NOT NULL), '{}') AS services
     FROM ${s}.staff st LEFT JOIN ${s}.staff_services ss ON ss.staff_id = st.id
     GROUP BY st.id ORDER BY min(st.position), st.id`,
  );
  const hours = await queryRows(
    q,
    `SELECT weekday, to_char(open_at, 'HH24:MI') AS open_at, to_char(close_at, 'HH24:MI') AS close_at
     FROM ${s}.business_hours ORDER BY weekday, open_at`,
    [],
    (r: { weekday: number; open_at: string; close_at: string }) => ({
      weekday: r.weekday,
      open: r.open_at,
      close: r.close_at,
    }),
  );
  const staffHours = (await hasTables(q, schema, ['staff_hours']))
    ? await queryRows(
        q,
        `SELECT staff_id, weekday, to_char(open_at, 'HH24:MI') AS open_at,
                to_char(close_at, 'HH24:MI') AS close_at
         FROM ${s}.staff_hours ORDER BY staff_id, weekday, open_at`,
        [],
        (r: { staff_id: string; weekday: number; open_at: string; close_at: string }) => ({
          staffId: r.staff_id,
          weekday: r.weekday,
          open: r.open_at,
          close: r.close_at,
        }),
      )
    : [];
  return { available: true, services, staff: staff.rows, hours, staffHours };
}
