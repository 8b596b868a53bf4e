/**
 * The owner's later changes: open extra hours on a date (a staff member or the salon), give a
 * staff member services (a new one starts with none), amend a closed commission period. Each
 * change and its audit row are one transaction.
 */
import type { AdminCommand } from '../../contract';
import { ident, type Queryable, queryRows, type TenantSchema } from '../../contract';
import { amendClosed, periodOf } from '../commission/commission-amend';
import { insertExtraHours } from '../extra-hours';
import { rangeOf } from './admin-appointments';
import { audit, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';
import { patchSettings } from './catalog-changes';

export type ExtraCommand = Extract<
  AdminCommand,
  { type: 'extra_hours' | 'assign_services' | 'amend_commission' }
>;

export function isExtraCommand(c: AdminCommand): c is ExtraCommand {
  return c.type === 'extra_hours' || c.type === 'assign_services' || c.type === 'amend_commission';
}

/** What the owner is asked to confirm: the value before, or why it cannot be done. */
export async function previewExtra(
  scope: AdminScope,
  c: ExtraCommand,
): Promise<{ ok: true; before?: string } | { ok: false; reason: string }> {
  if (c.type === 'extra_hours') return { ok: true };
  if (c.type === 'assign_services') {
    const has = await servicesOf(scope, c.staffId);
    const added = c.serviceIds.filter((id) => !has.includes(id));
    return added.length ? { ok: true, before: has.join(',') } : { ok: false, reason: 'no_change' };
  }
  const period = await periodOf(scope.db, scope.schema, c.staffId, c.month);
  if (!period) return { ok: false, reason: 'not_closed' };
  if (period.amendments.some((a) => a.deltaKesMinor === c.deltaKesMinor && a.note === c.note))
    return { ok: false, reason: 'already_amended' };
  return { ok: true, before: String(period.commissionKesMinor) };
}

export async function applyExtra(scope: AdminScope, c: ExtraCommand): Promise<string> {
  return scope.db.transaction(async (tx) => {
    let target: string = c.staffId ?? 'salon';
    let before: unknown = null;
    let after: unknown = c;
    if (c.type === 'extra_hours') {
      const range = rangeOf(c.date, scope.tenant.timezone, c.from, c.to);
      await insertExtraHours(tx, scope.schema, {
        staffId: c.staffId,
        startMs: range.fromMs,
        endMs: range.toMs,
        reason: 'opened by the owner',
        createdBy: scope.adminPhone,
      });
    } else if (c.type === 'assign_services') {
      const s = ident(scope.schema);
      before = await servicesOf({ ...scope, db: tx }, c.staffId);
      await tx.query(
        `INSERT INTO ${s}.staff_services (staff_id, service_id)
         SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [c.staffId, c.serviceIds],
      );
      after = await servicesOf({ ...scope, db: tx }, c.staffId);
      await patchSettings(tx, scope.tenant.slug, 'staff', c.staffId, { services: after });
    } else {
      const r = await amendClosed(tx, scope.schema, {
        staffId: c.staffId,
        month: c.month,
        deltaKesMinor: c.deltaKesMinor,
        note: c.note,
        by: scope.adminPhone,
      });
      if (!r) return 'unchanged';
      target = `${c.staffId}:${c.month}`;
      before = r.before;
      after = { ...c, commissionKesMinor: r.after, amendmentId: r.id };
    }
    await writeAudit(tx, scope.schema, { ...audit(scope), action: c.type, target, before, after });
    return target;
  });
}

async function servicesOf(scope: { db: Queryable; schema: TenantSchema }, staffId: string) {
  return queryRows(
    scope.db,
    `SELECT service_id FROM ${ident(scope.schema)}.staff_services WHERE staff_id = $1
     ORDER BY service_id`,
    [staffId],
    (r: { service_id: string }) => r.service_id,
  );
}
