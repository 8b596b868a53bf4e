import { type AppointmentSummary, ident, type Queryable, type TenantSchema } from '../../contract';
import type { Database } from '../db/database';
import type { EffectContext, EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import { shardOf } from '../supervisor/thread-key';
import { cancelTimersWithPrefix, setTimers } from '../stores/timers';
import type { Tenant } from '../tenancy/tenant-registry';
import type { DueTimer, TimerGate } from '../timers/timer-service';
import {
  planReminders,
  reminderKeyPrefix,
  reminderSummary,
  reminderVerdict,
  type AppointmentAtFire,
  type ReminderPolicy,
} from '../../booking';

export interface ReminderDeps {
  db: Database;
  shardCount: number;
  log: Logger;
}

function policyOf(tenant: Tenant): ReminderPolicy {
  const p = (tenant.settings.policy ?? {}) as {
    reminders_min_before?: number[];
    quiet_hours?: { start: string; end: string } | null;
  };
  return {
    minutesBefore: p.reminders_min_before ?? [1440, 120],
    quietHours: p.quiet_hours === undefined ? { start: '21:00', end: '07:00' } : p.quiet_hours,
    timeZone: tenant.timezone,
  };
}

type BookingResult = { ok: boolean; appointment?: AppointmentSummary };

/**
 * Reminders follow the appointments: the booking calls are wrapped so that a successful
 * `booking.create` sets durable timers (`reminder:<id>:<minutes>`, event `reminder.due`
 * {appointmentId, summary}) on the customer's thread, `booking.reschedule` moves them and
 * `booking.cancel` removes them. The timers are written right after the booking commits, before
 * the call's result reaches the thread; a re-run of the call writes the same rows (upsert).
 * Delivery rules live where they belong: the thread ignores `reminder.due` once the customer
 * opted out, and the WhatsApp sender falls back to a template or SMS outside the window.
 * Appointments changed outside the thread are caught when the timer fires (`reminderGate`).
 */
export function withReminders(
  handlers: Record<string, EffectHandler>,
  deps: ReminderDeps,
): Record<string, EffectHandler> {
  const out = { ...handlers };
  const wrap = (
    kind: string,
    after: (
      ctx: EffectContext,
      payload: Record<string, unknown>,
      r: BookingResult,
    ) => Promise<void>,
  ) => {
    const inner = out[kind];
    if (!inner) return;
    out[kind] = {
      answers: inner.answers,
      async run(payload, ctx) {
        const result = (await inner.run(payload, ctx)) as BookingResult;
        if (result?.ok) await after(ctx, payload, result);
        return result;
      },
    };
  };
  wrap('booking.create', (ctx, _p, r) => schedule(deps, ctx, r.appointment));
  wrap('booking.reschedule', async (ctx, p, r) => {
    await cancel(deps, ctx, Number(p.appointmentId));
    await schedule(deps, ctx, r.appointment);
  });
  wrap('booking.cancel', (ctx, p) => cancel(deps, ctx, Number(p.appointmentId)));
  return out;
}

async function schedule(deps: ReminderDeps, ctx: EffectContext, a?: AppointmentSummary) {
  if (!a || !ctx.threadKey.startsWith('c:')) return;
  const set = await setReminders(deps.db, deps.shardCount, ctx.tenant, ctx.threadKey, a, ctx.now);
  deps.log.debug({ tenant: ctx.tenant.slug, appointment: a.id, reminders: set }, 'reminders set');
}

/**
 * Replaces the reminder timers of appointment `a` on a thread with those its start calls for now.
 * The event carries the start it was planned for, so a move made elsewhere is seen at fire time.
 */
async function setReminders(
  q: Queryable,
  shardCount: number,
  tenant: Tenant,
  threadKey: string,
  a: AppointmentSummary,
  now: number,
): Promise<number> {
  const policy = policyOf(tenant);
  const planned = planReminders(Date.parse(a.start), now, policy, a.id);
  await cancelReminders(q, tenant.schema, threadKey, a.id);
  if (planned.length === 0) return 0;
  const event = {
    type: 'reminder.due',
    appointmentId: a.id,
    summary: reminderSummary(a, policy.timeZone),
    start: a.start,
  };
  const shard = shardOf(tenant.slug, threadKey, shardCount);
  await setTimers(
    q,
    tenant.schema,
    planned.map((p) => ({ threadKey, timerKey: p.key, shard, fireAtMs: p.fireAt, event })),
  );
  return planned.length;
}

async function cancel(deps: ReminderDeps, ctx: EffectContext, appointmentId: number) {
  if (!Number.isFinite(appointmentId)) return;
  await cancelReminders(deps.db, ctx.tenant.schema, ctx.threadKey, appointmentId);
}

async function cancelReminders(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  appointmentId: number,
) {
  await cancelTimersWithPrefix(q, schema, threadKey, reminderKeyPrefix(appointmentId));
}

/**
 * Reminders are checked when they fire, in the transaction that fires them: the appointment may
 * have been cancelled or moved outside the thread (the console, SQL, a staff member removed), or
 * the customer opted out. A reminder whose appointment is gone, cancelled, over, whose staff is
 * no longer active or whose customer opted out is dropped; one whose appointment moved is dropped
 * and the appointment's reminders are planned again for its new start.
 */
export function reminderGate(deps: { shardCount: number; log: Logger }): TimerGate {
  return {
    prefix: 'reminder:',
    async admit(tx, tenant, due, now) {
      const ids = [
        ...new Set(due.map((t) => Number(t.event.appointmentId)).filter(Number.isSafeInteger)),
      ];
      const found = await appointmentsAtFire(tx, tenant.schema, ids);
      const admitted: DueTimer[] = [];
      const replanned = new Set<number>();
      for (const t of due) {
        const id = Number(t.event.appointmentId);
        const a = found.get(id);
        const verdict = reminderVerdict(t.event, a);
        if (verdict.send) {
          admitted.push(t);
          continue;
        }
        deps.log.info(
          { tenant: tenant.slug, appointment: id, timer: t.timerKey, reason: verdict.reason },
          'reminder dropped at fire time',
        );
        if (verdict.reason === 'moved' && a && !replanned.has(id)) {
          replanned.add(id);
          await setReminders(tx, deps.shardCount, tenant, t.threadKey, a.summary, now);
        }
      }
      return admitted;
    },
  };
}

type AppointmentRow = {
  id: number;
  service_id: string;
  service_name: string;
  staff_id: string;
  staff_name: string;
  staff_active: boolean;
  start_at: Date;
  end_at: Date;
  status: AppointmentSummary['status'];
  price_kes_minor: number;
  opted_out: boolean;
};

async function appointmentsAtFire(
  q: Queryable,
  schema: TenantSchema,
  ids: number[],
): Promise<Map<number, AppointmentAtFire & { summary: AppointmentSummary }>> {
  if (ids.length === 0) return new Map();
  const s = ident(schema);
  const { rows } = await q.query<AppointmentRow>(
    `SELECT a.id, a.service_id, sv.name_en AS service_name, a.staff_id, st.name AS staff_name,
            st.active AS staff_active, a.start_at, a.end_at, a.status, a.price_kes_minor,
            c.opted_out
     FROM ${s}.appointments a
     JOIN ${s}.services sv ON sv.id = a.service_id
     JOIN ${s}.staff st ON st.id = a.staff_id
     JOIN ${s}.customers c ON c.id = a.customer_id
     WHERE a.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        status: r.status,
        start: r.start_at.getTime(),
        staffActive: r.staff_active,
        customerOptedOut: r.opted_out,
        summary: {
          id: Number(r.id),
          serviceId: r.service_id,
          serviceName: r.service_name,
          staffId: r.staff_id,
          staffName: r.staff_name,
          start: r.start_at.toISOString(),
          end: r.end_at.toISOString(),
          status: r.status,
          priceKesMinor: Number(r.price_kes_minor),
        },
      },
    ]),
  );
}
