/**
 * The owner's queries and changes against the booking domain: what the admin-thread machine's
 * `admin.*` calls do (`AdminCallKinds` in contract/admin.ts).
 */
import type { AdminCallKinds, AdminCommand } from '../../contract';
import { findSlots } from '../availability';
import { loadBusy } from '../appointment-repo';
import { bookingWindow } from '../catalog-repo';
import { parseMinutes, wallToEpoch } from '../wall-clock';
import { closeMonth, commissionFor } from '../commission/commission-repo';
import {
  appointmentById,
  appointmentsIn,
  customerByPhone,
  customerOfThread,
  rangeOf,
  takingsOf,
} from './admin-appointments';
import { audit, freshCatalog, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';
import { applyOutcome, applyWalkIn } from './booking-changes';
import { applyRefundDone } from './refund-changes';
import { affectedBy, applyCalendar, isCalendarCommand } from './calendar-changes';
import { applyCatalog, catalogBefore, isCatalogCommand } from './catalog-changes';
import { applyExtra, isExtraCommand, previewExtra } from './owner-extras';
import { periodOf } from '../commission/commission-amend';

type Result<K extends keyof AdminCallKinds> = AdminCallKinds[K]['result'];

export async function adminQuery(
  scope: AdminScope,
  c: AdminCommand,
): Promise<Result<'admin.query'>> {
  const tz = scope.tenant.timezone;
  if (c.type === 'agenda')
    return {
      kind: 'agenda',
      appointments: await appointmentsIn(scope.db, scope.schema, tz, rangeOf(c.date, tz), {
        staffId: c.staffId ?? null,
      }),
    };
  if (c.type === 'takings') {
    const t = await takingsOf(scope.db, scope.schema, rangeOf(c.date, tz));
    return {
      kind: 'takings',
      totalKesMinor: t.totalKesMinor,
      tipsKesMinor: t.tipsKesMinor,
      count: t.count,
      mpesaKesMinor: t.mpesaKesMinor,
      salonKesMinor: t.salonKesMinor,
    };
  }
  if (c.type === 'free') return { kind: 'free', staff: await freeAt(scope, c.date, c.time) };
  if (c.type === 'commission') {
    const [r, period] = await Promise.all([
      commissionFor(scope.db, scope.schema, tz, c.staffId, c.month),
      periodOf(scope.db, scope.schema, c.staffId, c.month),
    ]);
    return {
      kind: 'commission',
      revenueKesMinor: r.revenueKesMinor,
      // A closed month pays what was frozen, amendments included.
      commissionKesMinor: period?.commissionKesMinor ?? r.commissionKesMinor,
      appointments: r.appointments,
      closed: r.closed,
    };
  }
  return { kind: 'refused', reason: 'not_a_query' };
}

/** Staff who could start a 30-minute job at that time: working, not blocked, not booked. */
async function freeAt(scope: AdminScope, date: string, time: string): Promise<string[]> {
  const catalog = await freshCatalog(scope);
  const busy = await loadBusy(scope.db, scope.schema, bookingWindow(catalog.policy, scope.now));
  const startMs = wallToEpoch(date, parseMinutes(time), scope.tenant.timezone);
  const free: string[] = [];
  for (const staff of catalog.staff.filter((s) => s.active)) {
    const ok = staff.serviceIds.some((serviceId) =>
      findSlots(catalog, busy, {
        serviceId,
        staffId: staff.id,
        date,
        time,
        limit: 1,
        now: Math.min(scope.now, startMs - 1),
      }).some((slot) => Date.parse(slot.start) === startMs),
    );
    if (ok) free.push(staff.name);
  }
  return free;
}

export async function adminPreview(
  scope: AdminScope,
  c: AdminCommand,
): Promise<Result<'admin.preview'>> {
  if (isCalendarCommand(c)) return { ok: true, affected: await affectedBy(scope, c) };
  if (isCatalogCommand(c)) {
    const before = await catalogBefore(scope, c);
    return { ok: true, affected: [], ...(before !== undefined ? { before } : {}) };
  }
  if (isExtraCommand(c)) {
    const r = await previewExtra(scope, c);
    return r.ok
      ? { ok: true, affected: [], ...(r.before !== undefined ? { before: r.before } : {}) }
      : r;
  }
  if (c.type === 'mark_done' || c.type === 'no_show') {
    const a = await appointmentById(scope.db, scope.schema, scope.tenant.timezone, c.appointmentId);
    return a ? { ok: true, affected: [a] } : { ok: false, reason: 'not_found' };
  }
  return { ok: true, affected: [] };
}

export async function adminApply(
  scope: AdminScope,
  p: AdminCallKinds['admin.apply']['payload'],
): Promise<Result<'admin.apply'>> {
  const c = p.command;
  if (isCalendarCommand(c))
    return { ok: true, ...(await applyCalendar(scope, c, p.decision ?? 'keep')) };
  if (isCatalogCommand(c)) return { ok: true, summary: await applyCatalog(scope, c), notices: [] };
  if (isExtraCommand(c)) {
    const summary = await applyExtra(scope, c);
    return summary === 'unchanged'
      ? { ok: false, reason: 'already_amended' }
      : { ok: true, summary, notices: [] };
  }
  if (c.type === 'walk_in') return applyWalkIn(scope, c);
  if (c.type === 'mark_done' || c.type === 'no_show') return applyOutcome(scope, c);
  if (c.type === 'refund_done') return applyRefundDone(scope, c);
  if (c.type === 'close_month') {
    const r = await closeMonth(
      scope.db,
      scope.schema,
      scope.tenant.timezone,
      c.month,
      scope.adminPhone,
    );
    await writeAudit(scope.db, scope.schema, {
      ...audit(scope),
      action: 'close_month',
      target: c.month,
      before: null,
      after: r,
    });
    return { ok: true, summary: `${r.closed}/${r.total}`, notices: [] };
  }
  if (c.type === 'take_over') {
    const id = c.phone ? await customerByPhone(scope.db, scope.schema, c.phone) : undefined;
    if (id === undefined) return { ok: false, reason: 'no_such_customer' };
    const who = await customerOfThread(scope.db, scope.schema, `c:${id}`);
    return {
      ok: true,
      summary: 'take_over',
      notices: [],
      customer: {
        threadKey: `c:${id}`,
        label: who.name ?? who.phone ?? `c:${id}`,
        language: who.language,
      },
    };
  }
  return { ok: false, reason: 'not_a_change' };
}

/** Who a customer is and a deterministic summary of what they said last. */
export async function adminCustomer(
  scope: AdminScope,
  threadKey: string,
): Promise<Result<'admin.customer'>> {
  const who = await customerOfThread(scope.db, scope.schema, threadKey);
  const label = [who.name, who.phone].filter(Boolean).join(' ') || threadKey;
  const summary = who.said
    .map((t) => t.replace(/\s+/g, ' ').trim().slice(0, 120))
    .filter(Boolean)
    .join(' / ');
  return { threadKey, label, language: who.language, summary };
}
