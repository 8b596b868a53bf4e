import type Router from '@koa/router';
import { publicError } from '../../contract';
import { listBookings, readCatalog, withPayments } from './booking-queries';
import { listClosures } from './calendar-queries';
import { bookingsQuery, parse } from './console-params';
import type { ConsoleRouteHelpers } from './console-route-helpers';

/** A tenant's calendar (bookings and closures, at most 62 days at a time) and its catalog. */
export function bookingRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const { db } = h;
  router.get('/api/tenants/:tenant/bookings', async (ctx) => {
    const t = await h.tenantOf(ctx, await h.who(ctx));
    const q = parse(bookingsQuery, ctx.query);
    if (!(q.to > q.from) || q.to - q.from > 62 * 86_400_000)
      throw publicError('bad_request', '`to` must be after `from`, at most 62 days later');
    const bookings = await listBookings(db, t.schema, q.from, q.to);
    ctx.body = {
      timezone: t.timezone,
      ...(await withPayments(db, t.schema, t.timezone, bookings)),
      ...(await listClosures(db, t.schema, q.from, q.to, t.timezone)),
    };
  });

  router.get('/api/tenants/:tenant/catalog', async (ctx) => {
    const t = await h.tenantOf(ctx, await h.who(ctx));
    ctx.body = { timezone: t.timezone, ...(await readCatalog(db, t.schema)) };
  });
}
