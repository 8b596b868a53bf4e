/**
 * Appointments as the owner sees them: with the customer's name, phone, thread and language
 * (the language their conversation is in, so a notice reaches them in it). Reads only.
 */
import {
  type AdminAppointment,
  type AdminLanguage,
  firstRow,
  ident,
  type Queryable,
  queryOne,
  queryRows,
  type TenantSchema,
} from '../../contract';
import { toIsoInZone, wallToEpoch, parseMinutes } from '../wall-clock';

interface Row {
  id: number;
  customer_id: number;
  display_name: string | null;
  phone: string | null;
  thread_key: string | null;
  lang: string | null;
  service_id: string;
  service_name: string;
  staff_id: string;
  staff_name: string;
  start_at: Date;
  end_at: Date;
  status: string;
  price_kes_minor: string | number;
}

const select = (s: string) => `
  SELECT a.id, a.customer_id, c.display_name, c.phone, a.thread_key, a.status, a.staff_id,
         st.name AS staff_name, a.service_id, sv.name_en AS service_name, a.start_at, a.end_at, a.price_kes_minor,
         COALESCE(c.language, snap.snapshot #>> '{context,lang}') AS lang
  FROM ${s}.appointments a
  JOIN ${s}.customers c ON c.id = a.customer_id
  JOIN ${s}.staff st ON st.id = a.staff_id
  JOIN ${s}.services sv ON sv.id = a.service_id
  LEFT JOIN ${s}.actor_snapshots snap ON snap.thread_key = 'c:' || a.customer_id`;

const lang = (v: string | null): AdminLanguage => (v === 'sw' ? 'sw' : 'en');

function toAdmin(r: Row, timezone: string): AdminAppointment {
  return {
    id: Number(r.id),
    customerName: r.display_name,
    customerPhone: r.phone,
    customerThread: `c:${r.customer_id}`,
    customerLanguage: lang(r.lang),
    serviceId: r.service_id,
    serviceName: r.service_name,
    staffId: r.staff_id,
    staffName: r.staff_name,
    start: toIsoInZone(r.start_at.getTime(), timezone),
    end: toIsoInZone(r.end_at.getTime(), timezone),
    status: r.status,
    priceKesMinor: Number(r.price_kes_minor),
  };
}

export interface DayRange {
  fromMs: number;
  toMs: number;
}

/** [00:00, 24:00) of a date, or [from, to) of it, in the tenant's zone. */
export function rangeOf(date: string, timezone: string, from = '00:00', to = '24:00'): DayRange {
  return {
    fromMs: wallToEpoch(date, parseMinutes(from), timezone),
    toMs: wallToEpoch(date, to === '24:00' ? 1440 : parseMinutes(to), timezone),
  };
}

/** Appointments starting in the range (all statuses but cancelled), optionally one staff's. */
export async function appointmentsIn(
  q: Queryable,
  schema: TenantSchema,
  timezone: string,
  range: DayRange,
  opts: { staffId?: string | null; activeOnly?: boolean } = {},
): Promise<AdminAppointment[]> {
  return queryRows(
    q,
    `${select(ident(schema))}
     WHERE a.start_at < $2 AND a.end_at > $1
       AND ($3::text IS NULL OR a.staff_id = $3)
       AND a.status = ANY ($4::text[])
     ORDER BY a.start_at, a.id LIMIT 200`,
    [
      new Date(range.fromMs),
      new Date(range.toMs),
      opts.staffId ?? null,
      opts.activeOnly ? ['booked', 'confirmed'] : ['booked', 'confirmed', 'completed', 'no_show'],
    ],
    (r: Row) => toAdmin(r, timezone),
  );
}

export async function appointmentById(
  q: Queryable,
  schema: TenantSchema,
  timezone: string,
  id: number,
): Promise<AdminAppointment | undefined> {
  return queryOne(q, `${select(ident(schema))} WHERE a.id = $1`, [id], (r: Row) =>
    toAdmin(r, timezone),
  );
}

export interface Takings {
  /** Completed appointments' prices. */
  totalKesMinor: number;
  tipsKesMinor: number;
  count: number;
  noShows: number;
  /** Money in that day by method: M-Pesa payments received (any booking's deposit or price)... */
  mpesaKesMinor: number;
  /** ... and what completed bookings left to pay at the salon (price minus paid up front). */
  salonKesMinor: number;
}

interface TakingsRow {
  total: string;
  tips: string;
  n: string;
  no_shows: string;
  prepaid: string;
  mpesa: string;
}

/** Takings of a day: completed appointments' prices and tips, and money in by method. */
export async function takingsOf(
  q: Queryable,
  schema: TenantSchema,
  range: DayRange,
): Promise<Takings> {
  const s = ident(schema);
  // Sums without GROUP BY: always one row.
  const r = (await firstRow<TakingsRow>(
    q,
    `SELECT COALESCE(sum(a.price_kes_minor) FILTER (WHERE a.status = 'completed'), 0) AS total,
            COALESCE(sum(a.tip_kes_minor) FILTER (WHERE a.status = 'completed'), 0) AS tips,
            count(*) FILTER (WHERE a.status = 'completed') AS n,
            count(*) FILTER (WHERE a.status = 'no_show') AS no_shows,
            COALESCE(sum(LEAST(pp.paid, a.price_kes_minor)) FILTER (WHERE a.status = 'completed'), 0)
              AS prepaid,
            (SELECT COALESCE(sum(amount_minor), 0) FROM ${s}.payments
             WHERE status = 'paid' AND provider = 'mpesa' AND settled_at >= $1 AND settled_at < $2)
              AS mpesa
     FROM ${s}.appointments a
     LEFT JOIN LATERAL (SELECT sum(amount_minor) AS paid FROM ${s}.payments p
                        WHERE p.appointment_id = a.id AND p.status = 'paid') pp ON true
     WHERE a.start_at >= $1 AND a.start_at < $2`,
    [new Date(range.fromMs), new Date(range.toMs)],
  ))!;
  return {
    totalKesMinor: Number(r.total),
    tipsKesMinor: Number(r.tips),
    count: Number(r.n),
    noShows: Number(r.no_shows),
    mpesaKesMinor: Number(r.mpesa),
    salonKesMinor: Number(r.total) - Number(r.prepaid),
  };
}

/** A customer thread's person: name and phone, language, and their last few messages. */
export async function customerOfThread(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
): Promise<{ name: string | null; phone: string | null; language: AdminLanguage; said: string[] }> {
  const s = ident(schema);
  const id = /^c:(\d+)$/.exec(threadKey)?.[1];
  if (!id) return { name: null, phone: null, language: 'en', said: [] };
  const [r, said] = await Promise.all([
    firstRow<{ display_name: string | null; phone: string | null; lang: string | null }>(
      q,
      `SELECT c.display_name, c.phone, COALESCE(c.language, snap.snapshot #>> '{context,lang}') AS lang
       FROM ${s}.customers c LEFT JOIN ${s}.actor_snapshots snap ON snap.thread_key = $2
       WHERE c.id = $1`,
      [Number(id), threadKey],
    ),
    queryRows(
      q,
      `SELECT event ->> 'text' AS text FROM ${s}.journal
       WHERE thread_key = $1 AND event_type = 'message' AND event ->> 'text' IS NOT NULL
       ORDER BY seq DESC LIMIT 4`,
      [threadKey],
      (x: { text: string }) => x.text,
    ),
  ]);
  return {
    name: r?.display_name ?? null,
    phone: r?.phone ?? null,
    language: lang(r?.lang ?? null),
    said: said.reverse(),
  };
}

/** The customer of a phone number (E.164), if they exist. */
export async function customerByPhone(
  q: Queryable,
  schema: TenantSchema,
  phone: string,
): Promise<number | undefined> {
  return queryOne(
    q,
    `SELECT id FROM ${ident(schema)}.customers WHERE phone = $1 AND merged_into IS NULL`,
    [phone],
    (r: { id: number }) => Number(r.id),
  );
}
