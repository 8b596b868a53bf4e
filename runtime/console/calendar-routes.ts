import type Router from '@koa/router';
import { z } from 'zod';
import { ident, publicError } from '../../contract';
import { readJson } from '../http/body';
import type { Ctx, InboxRouteHelpers } from './inbox-routes';

const appointmentId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Booking changes from the calendar go through the customer's thread, never straight to the
 * table: the thread asks the booking service like any other call, and its result tells the
 * customer, in their language. 202 once the event is durable in the thread's inbox.
 */
export function calendarRoutes(router: Router, h: InboxRouteHelpers): void {
  router.post('/api/tenants/:tenant/bookings/:id/cancel', async (ctx: Ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const id = h.parse(appointmentId, ctx.params.id);
    await readJson(ctx, z.object({}));
    const { rows } = await h.db.query<{ thread_key: string | null; status: string }>(
      `SELECT thread_key, status FROM ${ident(t.schema)}.appointments WHERE id = $1`,
      [id],
    );
    const appt = rows[0];
    if (!appt) throw publicError('not_found', `no appointment ${id}`);
    if (!appt.thread_key)
      throw publicError('bad_request', 'this booking has no conversation to cancel it through');
    if (appt.status === 'cancelled') throw publicError('bad_request', 'already cancelled');
    ctx.params.thread = appt.thread_key;
    await h.deliver(ctx, 'cancel booking', () => ({
      type: 'operator.cancel',
      appointmentId: id,
    }));
  });
}
