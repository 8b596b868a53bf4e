/** The SQL of appointments. Every function takes a Queryable: a pool or a transaction. */
import {
  type AppointmentSummary,
  ident,
  type Queryable,
  queryOne,
  queryRows,
  type TenantSchema,
} from '../contract';
import type { CatalogWindow } from './catalog-repo';
import type { BusyInterval } from './types';
import { toIsoInZone } from './wall-clock';

export type AppointmentStatus = AppointmentSummary['status'];
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed'];
/** What takes a staff member's time: bookings, and holds awaiting payment until they expire. */
export const HELD_STATUSES: readonly AppointmentStatus[] = ['pending_payment', ...ACTIVE_STATUSES];

export interface AppointmentRecord {
  id: number;
  customerId: number;
  staffId: string;
  staffName: string;
  serviceId: string;
  serviceName: string;
  startMs: number;
  endMs: number;
  bufferEndMs: number;
  status: AppointmentStatus;
  sourceChannel: string;
  priceKesMinor: number;
  threadKey: string | null;
  rescheduledFrom: number | null;
}

interface Row {
  id: number;
  customer_id: number;
  staff_id: string;
  staff_name: string;
  service_id: string;
  service_name: string;
  start_at: Date;
  end_at: Date;
  buffer_end_at: Date;
  status: AppointmentStatus;
  source_channel: string;
  price_kes_minor: number;
  thread_key: string | null;
  rescheduled_from: number | null;
}

const COLUMNS = `a.id, a.customer_id, a.staff_id, st.name AS staff_name, a.service_id,
  sv.name_en AS service_name, a.start_at, a.end_at, a.buffer_end_at, a.status, a.source_channel,
  a.price_kes_minor, a.thread_key, a.rescheduled_from`;

const joins = (s: string) =>
  `JOIN ${s}.staff st ON st.id = a.staff_id JOIN ${s}.services sv ON sv.id = a.service_id`;

/** Appointments (`a`) with their staff and service names, as `Row`s. */
const selectAppointments = (schema: TenantSchema) =>
  `SELECT ${COLUMNS} FROM ${ident(schema)}.appointments a ${joins(ident(schema))}`;

function record(r: Row): AppointmentRecord {
  return {
    id: r.id,
    customerId: r.customer_id,
    staffId: r.staff_id,
    staffName: r.staff_name,
    serviceId: r.service_id,
    serviceName: r.service_name,
    startMs: r.start_at.getTime(),
    endMs: r.end_at.getTime(),
    bufferEndMs: r.buffer_end_at.getTime(),
    status: r.status,
    sourceChannel: r.source_channel,
    priceKesMinor: r.price_kes_minor,
    threadKey: r.thread_key,
    rescheduledFrom: r.rescheduled_from,
  };
}

export function toSummary(a: AppointmentRecord, timeZone: string): AppointmentSummary {
  return {
    id: a.id,
    serviceId: a.serviceId,
    serviceName: a.serviceName,
    staffId: a.staffId,
    staffName: a.staffName,
    start: toIsoInZone(a.startMs, timeZone),
    end: toIsoInZone(a.endMs, timeZone),
    status: a.status,
    priceKesMinor: a.priceKesMinor,
  };
}

/**
 * Active appointments overlapping the window, as availability sees them: holds awaiting payment
 * count until their expiry (`now`; without it every hold counts).
 */
export async function loadBusy(
  q: Queryable,
  schema: TenantSchema,
  window: CatalogWindow,
  excludeAppointmentId?: number,
  now?: number,
): Promise<BusyInterval[]> {
  return queryRows(
    q,
    `SELECT staff_id, start_at, buffer_end_at FROM ${ident(schema)}.appointments
     WHERE status = ANY ($1::text[]) AND buffer_end_at > $2 AND start_at < $3
       AND id IS DISTINCT FROM $4::bigint
       AND (status <> 'pending_payment' OR $5::timestamptz IS NULL OR hold_expires_at > $5)
     ORDER BY start_at`,
    [
      HELD_STATUSES,
      new Date(window.fromMs),
      new Date(window.toMs),
      excludeAppointmentId ?? null,
      now === undefined ? null : new Date(now),
    ],
    (r: { staff_id: string; start_at: Date; buffer_end_at: Date }) => ({
      staffId: r.staff_id,
      startMs: r.start_at.getTime(),
      endMs: r.buffer_end_at.getTime(),
    }),
  );
}

export interface NewAppointment {
  customerId: number;
  staffId: string;
  serviceId: string;
  startMs: number;
  endMs: number;
  bufferEndMs: number;
  status: 'booked' | 'confirmed' | 'pending_payment';
  /** With `pending_payment`: when the hold is released. */
  holdExpiresMs?: number;
  sourceChannel: string;
  priceKesMinor: number;
  threadKey: string | null;
  rescheduledFrom: number | null;
}

/**
 * Serializes the writers of these staff members' appointments until the transaction ends. The
 * exclusion constraint alone guarantees no double booking, but concurrent inserts of conflicting
 * rows can deadlock on each other's index entries; taking these locks first (in one order)
 * makes the loser wait and then fail cleanly with 23P01 instead.
 */
export async function lockStaffSchedules(
  q: Queryable,
  schema: TenantSchema,
  staffIds: readonly string[],
): Promise<void> {
  for (const staffId of [...new Set(staffIds)].sort()) {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      `ratiba.schedule.${schema}`,
      staffId,
    ]);
  }
}

/** The staff member of an appointment (never changes: a reschedule makes a new row). */
export async function appointmentStaff(
  q: Queryable,
  schema: TenantSchema,
  id: number,
): Promise<string | undefined> {
  return queryOne(
    q,
    `SELECT staff_id FROM ${ident(schema)}.appointments WHERE id = $1`,
    [id],
    (r: { staff_id: string }) => r.staff_id,
  );
}

/** Inserts; the exclusion constraint refuses an overlap with SQLSTATE 23P01. */
export async function insertAppointment(
  q: Queryable,
  schema: TenantSchema,
  a: NewAppointment,
): Promise<AppointmentRecord> {
  const s = ident(schema);
  const { rows } = await q.query<Row>(
    `WITH a AS (
       INSERT INTO ${s}.appointments (customer_id, staff_id, service_id, start_at, end_at,
         buffer_end_at, status, source_channel, price_kes_minor, thread_key, rescheduled_from,
         hold_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING *)
     SELECT ${COLUMNS} FROM a ${joins(s)}`,
    [
      a.customerId,
      a.staffId,
      a.serviceId,
      new Date(a.startMs),
      new Date(a.endMs),
      new Date(a.bufferEndMs),
      a.status,
      a.sourceChannel,
      a.priceKesMinor,
      a.threadKey,
      a.rescheduledFrom,
      a.holdExpiresMs === undefined ? null : new Date(a.holdExpiresMs),
    ],
  );
  return record(rows[0]!);
}

/**
 * One appointment, locked for the rest of the transaction; with a customer id, only theirs.
 */
export async function lockAppointment(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  customerId: number | null,
): Promise<AppointmentRecord | undefined> {
  return queryOne(
    q,
    `${selectAppointments(schema)}
     WHERE a.id = $1 AND ($2::bigint IS NULL OR a.customer_id = $2::bigint)
     FOR UPDATE OF a`,
    [id, customerId],
    record,
  );
}

export async function markCancelled(
  q: Queryable,
  schema: TenantSchema,
  id: number,
  atMs: number,
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.appointments
     SET status = 'cancelled', cancelled_at = $2, updated_at = now() WHERE id = $1`,
    [id, new Date(atMs)],
  );
}

/** A customer's appointments: upcoming active ones soonest first, or all, latest first. */
export async function listForCustomer(
  q: Queryable,
  schema: TenantSchema,
  customerId: number,
  options: { upcomingOnly: boolean; now: number; limit?: number },
): Promise<AppointmentRecord[]> {
  const select = `${selectAppointments(schema)} WHERE a.customer_id = $1`;
  const limit = options.limit ?? 20;
  return options.upcomingOnly
    ? queryRows(
        q,
        `${select} AND a.status = ANY ($2::text[]) AND a.start_at >= $3
         ORDER BY a.start_at, a.id LIMIT $4`,
        [customerId, ACTIVE_STATUSES, new Date(options.now), limit],
        record,
      )
    : queryRows(
        q,
        `${select} ORDER BY a.start_at DESC, a.id DESC LIMIT $2`,
        [customerId, limit],
        record,
      );
}
