import type { AppointmentSummary } from '../../machines';
import type { Database } from '../db/database';
import { ident } from '../db/schema-name';
import type { EffectContext, EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import { shardOf } from '../supervisor/thread-key';
import type { Tenant } from '../tenancy/tenant-registry';
import {
  planReminders,
  reminderKeyPrefix,
  reminderSummary,
  type ReminderPolicy,
} from './reminder-schedule';

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
  const policy = policyOf(ctx.tenant);
  const planned = planReminders(Date.parse(a.start), ctx.now, policy, a.id);
  await cancel(deps, ctx, a.id);
  if (planned.length === 0) return;
  const event = {
    type: 'reminder.due',
    appointmentId: a.id,
    summary: reminderSummary(a, policy.timeZone),
  };
  await deps.db.query(
    `INSERT INTO ${ident(ctx.tenant.schema)}.timers (thread_key, timer_key, shard, fire_at, event)
     SELECT $1, k, $2, to_timestamp(f / 1000.0), $5::jsonb
     FROM unnest($3::text[], $4::float8[]) AS x(k, f)
     ON CONFLICT (thread_key, timer_key) DO UPDATE SET fire_at = EXCLUDED.fire_at, event = EXCLUDED.event`,
    [
      ctx.threadKey,
      shardOf(ctx.tenant.slug, ctx.threadKey, deps.shardCount),
      planned.map((p) => p.key),
      planned.map((p) => p.fireAt),
      JSON.stringify(event),
    ],
  );
  deps.log.debug(
    { tenant: ctx.tenant.slug, appointment: a.id, reminders: planned.length },
    'reminders set',
  );
}

async function cancel(deps: ReminderDeps, ctx: EffectContext, appointmentId: number) {
  if (!Number.isFinite(appointmentId)) return;
  await deps.db.query(
    `DELETE FROM ${ident(ctx.tenant.schema)}.timers WHERE thread_key = $1 AND starts_with(timer_key, $2)`,
    [ctx.threadKey, reminderKeyPrefix(appointmentId)],
  );
}
