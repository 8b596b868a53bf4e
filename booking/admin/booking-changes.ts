/**
 * Bookings the owner makes or closes: a walk-in or phone customer's booking (the customer is
 * created by phone and gets the confirmation in their own thread), and after the service: done
 * (with the actual start and end and a tip, the rendering actuals of seed ADR-0012) or no-show.
 */
import type { AdminCommand, CustomerNotice } from '../../contract';
import { ident } from '../../contract';
import { createAppointment } from '../appointments';
import { parseMinutes, wallToEpoch } from '../wall-clock';
import { appointmentById } from './admin-appointments';
import { audit, ownerScope, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';

type WalkIn = Extract<AdminCommand, { type: 'walk_in' }>;
type Done = Extract<AdminCommand, { type: 'mark_done' }>;

export type BookingChangeResult =
  { ok: true; summary: string; notices: CustomerNotice[] } | { ok: false; reason: string };

/** Creates (or finds, by phone) the customer and books them; the result names the booking. */
export async function applyWalkIn(scope: AdminScope, c: WalkIn): Promise<BookingChangeResult> {
  const s = ident(scope.schema);
  const { rows } = await scope.db.query<{ id: string }>(
    `INSERT INTO ${s}.customers (phone, display_name) VALUES ($1, $2)
     ON CONFLICT (phone) DO UPDATE SET display_name = COALESCE(${s}.customers.display_name, EXCLUDED.display_name),
       updated_at = now()
     RETURNING id`,
    [c.phone, c.name],
  );
  const customerId = Number(rows[0]!.id);
  const owner = { ...(await ownerScope(scope)), customerId };
  const startMs = wallToEpoch(c.date, parseMinutes(c.time), scope.tenant.timezone);
  const staffIds = c.staffId
    ? [c.staffId]
    : owner.catalog.staff
        .filter((x) => x.active && x.serviceIds.includes(c.serviceId))
        .map((x) => x.id);
  let reason = 'slot_taken';
  for (const staffId of staffIds) {
    const r = await createAppointment(owner, {
      serviceId: c.serviceId,
      staffId,
      startMs,
      channel: 'simulator',
      threadKey: `c:${customerId}`,
    });
    if (!r.ok) {
      reason = r.reason;
      if (r.reason !== 'slot_taken') break;
      continue;
    }
    const appt = (await appointmentById(
      scope.db,
      scope.schema,
      scope.tenant.timezone,
      r.appointment.id,
    ))!;
    await writeAudit(scope.db, scope.schema, {
      ...audit(scope),
      action: 'walk_in',
      target: `appointment:${appt.id}`,
      before: null,
      after: { ...c, appointmentId: appt.id },
    });
    return {
      ok: true,
      summary: `#${appt.id}`,
      notices: [
        {
          threadKey: appt.customerThread,
          language: appt.customerLanguage,
          kind: 'booked',
          appointment: appt,
        },
      ],
    };
  }
  return { ok: false, reason };
}

/** Done or no-show; only an appointment that was on (booked or confirmed) and has started. */
export async function applyOutcome(
  scope: AdminScope,
  c: Done | Extract<AdminCommand, { type: 'no_show' }>,
): Promise<BookingChangeResult> {
  const tz = scope.tenant.timezone;
  const a = await appointmentById(scope.db, scope.schema, tz, c.appointmentId);
  if (!a) return { ok: false, reason: 'not_found' };
  if (a.status !== 'booked' && a.status !== 'confirmed')
    return { ok: false, reason: `already_${a.status}` };
  if (Date.parse(a.start) > scope.now) return { ok: false, reason: 'not_started' };
  const day = a.start.slice(0, 10);
  const at = (t: string | undefined) =>
    t ? new Date(wallToEpoch(day, parseMinutes(t), tz)) : null;
  const done = c.type === 'mark_done';
  const actualStart = done ? at(c.actualStart) : null;
  const actualEnd = done ? at(c.actualEnd) : null;
  if (actualStart && actualEnd && actualEnd <= actualStart)
    return { ok: false, reason: 'bad_actuals' };
  await scope.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE ${ident(scope.schema)}.appointments
       SET status = $2, actual_start_at = $3, actual_end_at = $4, tip_kes_minor = $5,
           completed_at = CASE WHEN $2 = 'completed' THEN $6::timestamptz END, updated_at = now()
       WHERE id = $1`,
      [
        a.id,
        done ? 'completed' : 'no_show',
        actualStart,
        actualEnd,
        done ? (c.tipKesMinor ?? null) : null,
        new Date(scope.now),
      ],
    );
    await writeAudit(tx, scope.schema, {
      ...audit(scope),
      action: c.type,
      target: `appointment:${a.id}`,
      before: { status: a.status },
      after: c,
    });
  });
  return { ok: true, summary: `#${a.id}`, notices: [] };
}
