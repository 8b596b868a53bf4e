import type Router from '@koa/router';
import { z } from 'zod';
import { parseInstant } from '../../booking';
import { publicError } from '../../contract';
import { readJson } from '../http/body';
import { CalendarChanges, type ChangeOutcome } from './calendar-changes';
import type { ConsoleRouteHelpers } from './console-route-helpers';
import type { Ctx } from './inbox-routes';

const appointmentId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const id = z.string().trim().min(1).max(80);
const instant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(parseInstant(s)), 'an ISO 8601 time with its offset')
  .transform((s) => parseInstant(s));
const createBody = z.object({
  customer: z.union([
    z.object({ threadKey: z.string().max(40) }).strict(),
    z.object({ phone: z.string().max(32), name: z.string().trim().min(1).max(80) }).strict(),
  ]),
  serviceId: id,
  staffId: id,
  start: instant,
});
const moveBody = z.object({ start: instant, staffId: id.nullable().optional() });
const cancelBody = z.object({ acknowledgePaid: z.boolean().optional() });

/**
 * Booking changes from the calendar (issue 16): create, move, cancel. The booking service makes
 * the change at once, so the operator gets a refusal's reason (409, nothing changed); the
 * customer's thread is then told and tells the customer, in their language.
 */
export function calendarRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const changes = new CalendarChanges({ db: h.db, ingress: h.deps.ingress });
  const base = '/api/tenants/:tenant/bookings';
  const who = async (ctx: Ctx) => {
    const p = await h.who(ctx);
    return { t: await h.tenantOf(ctx, p), by: { subject: p.subject, name: p.name } };
  };

  router.post(base, async (ctx: Ctx) => {
    const { t, by } = await who(ctx);
    const body = await readJson(ctx, createBody);
    answer(
      ctx,
      h,
      'calendar book',
      await changes.create(t, by, { ...body, startMs: body.start }),
      201,
    );
  });

  router.post(`${base}/:id/move`, async (ctx: Ctx) => {
    const { t, by } = await who(ctx);
    const n = h.parse(appointmentId, ctx.params.id);
    const body = await readJson(ctx, moveBody);
    const out = await changes.move(t, by, n, {
      startMs: body.start,
      staffId: body.staffId ?? null,
    });
    answer(ctx, h, 'calendar move', out, 200);
  });

  router.post(`${base}/:id/cancel`, async (ctx: Ctx) => {
    const { t, by } = await who(ctx);
    const n = h.parse(appointmentId, ctx.params.id);
    const body = await readJson(ctx, cancelBody);
    const out = await changes.cancel(t, by, n, { acknowledgePaid: body.acknowledgePaid === true });
    answer(ctx, h, 'calendar cancel', out, 200);
  });
}

/** Done: the new booking and the customer's thread; refused: 409 with the reason in words. */
function answer(ctx: Ctx, h: ConsoleRouteHelpers, action: string, out: ChangeOutcome, ok: number) {
  if (out.ok) {
    h.log.info(
      { tenant: ctx.params.tenant, thread: out.thread, appointment: out.appointment.id, action },
      'console action',
    );
    ctx.status = ok;
    ctx.body = out;
    return;
  }
  if (out.code === 'unknown_service' || out.code === 'unknown_staff')
    throw publicError('bad_request', out.message);
  ctx.status = 409;
  ctx.body = {
    error: out.code,
    message: out.message,
    ...(out.alternatives ? { alternatives: out.alternatives } : {}),
  };
}
