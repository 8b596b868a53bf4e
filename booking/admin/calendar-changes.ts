/**
 * The owner's calendar changes: block a staff member's time (or the whole salon's), a staff day
 * off, close the salon on a date. A change that hits existing bookings lists them first; the
 * owner then keeps them, or cancels or moves them, and each customer is told (the notices come
 * back to the admin thread, which sends them through the customers' own threads).
 */
import type {
  AdminAppointment,
  AdminCommand,
  AffectedDecision,
  CustomerNotice,
} from '../../contract';
import { ident } from '../../contract';
import { cancelAppointment, rescheduleAppointment } from '../appointments';
import { loadBusy } from '../appointment-repo';
import { findSlots } from '../availability';
import { bookingWindow } from '../catalog-repo';
import { parseInstant } from '../wall-clock';
import { appointmentById, appointmentsIn, rangeOf, type DayRange } from './admin-appointments';
import { audit, ownerScope, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';

type CalendarCommand = Extract<AdminCommand, { type: 'block' | 'day_off' | 'holiday' }>;

export function isCalendarCommand(c: AdminCommand): c is CalendarCommand {
  return c.type === 'block' || c.type === 'day_off' || c.type === 'holiday';
}

function spanOf(c: CalendarCommand, timezone: string): { range: DayRange; staffId: string | null } {
  switch (c.type) {
    case 'block':
      return { range: rangeOf(c.date, timezone, c.from, c.to), staffId: c.staffId };
    case 'day_off':
      return { range: rangeOf(c.date, timezone), staffId: c.staffId };
    case 'holiday':
      return { range: rangeOf(c.date, timezone), staffId: null };
  }
}

/** The active bookings the change would hit. */
export function affectedBy(scope: AdminScope, c: CalendarCommand): Promise<AdminAppointment[]> {
  const { range, staffId } = spanOf(c, scope.tenant.timezone);
  return appointmentsIn(scope.db, scope.schema, scope.tenant.timezone, range, {
    staffId,
    activeOnly: true,
  });
}

/** Writes the block or holiday and the audit row in one transaction; then the bookings. */
export async function applyCalendar(
  scope: AdminScope,
  c: CalendarCommand,
  decision: AffectedDecision,
): Promise<{ summary: string; notices: CustomerNotice[] }> {
  const affected = await affectedBy(scope, c);
  const { range, staffId } = spanOf(c, scope.tenant.timezone);
  const s = ident(scope.schema);
  await scope.db.transaction(async (tx) => {
    if (c.type === 'holiday') {
      await tx.query(
        `INSERT INTO ${s}.holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING`,
        // No name: the customer hears "we're closed on <day>", not a made-up occasion.
        [c.date, null],
      );
    } else {
      await tx.query(
        `INSERT INTO ${s}.blocks (staff_id, start_at, end_at, reason, source)
         VALUES ($1, $2, $3, $4, 'admin')`,
        [
          staffId,
          new Date(range.fromMs),
          new Date(range.toMs),
          c.type === 'day_off' ? 'day off' : 'blocked by the owner',
        ],
      );
    }
    await writeAudit(tx, scope.schema, {
      ...audit(scope),
      action: c.type,
      target: staffId ?? 'salon',
      before: { affected: affected.map((a) => a.id) },
      after: { ...c, decision },
    });
  });
  const notices = decision === 'keep' ? [] : await handleAffected(scope, affected, decision);
  return { summary: c.type, notices };
}

async function handleAffected(
  scope: AdminScope,
  affected: AdminAppointment[],
  decision: 'cancel' | 'move',
): Promise<CustomerNotice[]> {
  const notices: CustomerNotice[] = [];
  for (const a of affected) {
    const moved = decision === 'move' ? await moveOne(scope, a) : undefined;
    if (moved) {
      notices.push({
        threadKey: a.customerThread,
        language: a.customerLanguage,
        kind: 'moved',
        appointment: a,
        moved,
      });
      continue;
    }
    const owner = await ownerScope(scope);
    const r = await cancelAppointment(owner, a.id);
    if (r.ok)
      notices.push({
        threadKey: a.customerThread,
        language: a.customerLanguage,
        kind: 'cancelled',
        appointment: a,
      });
  }
  if (notices.length > 0) {
    await writeAudit(scope.db, scope.schema, {
      ...audit(scope),
      action: decision === 'move' ? 'bookings_moved' : 'bookings_cancelled',
      target: null,
      before: affected.map((a) => ({ id: a.id, start: a.start, staff: a.staffId })),
      after: notices.map((n) => ({
        id: n.appointment.id,
        kind: n.kind,
        to: n.moved?.start ?? null,
      })),
    });
  }
  return notices;
}

/** The nearest free time for the same service: the same staff member first, then anyone. */
async function moveOne(
  scope: AdminScope,
  a: AdminAppointment,
): Promise<AdminAppointment | undefined> {
  const owner = await ownerScope(scope);
  const busy = await loadBusy(
    scope.db,
    scope.schema,
    bookingWindow(owner.catalog.policy, scope.now),
    a.id,
  );
  const [date, time] = [a.start.slice(0, 10), a.start.slice(11, 16)];
  for (const staffId of [a.staffId, null]) {
    const [slot] = findSlots(owner.catalog, busy, {
      serviceId: a.serviceId,
      staffId,
      date,
      time,
      limit: 1,
      now: scope.now,
    });
    if (!slot) continue;
    const r = await rescheduleAppointment(owner, {
      appointmentId: a.id,
      startMs: parseInstant(slot.start),
      staffId: slot.staffId,
      threadKey: a.customerThread,
    });
    if (r.ok)
      return appointmentById(scope.db, scope.schema, scope.tenant.timezone, r.appointment.id);
  }
  return undefined;
}
