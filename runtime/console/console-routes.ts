import type Router from '@koa/router';
import { consoleLanguage } from '../../contract';
import { canSee } from './console-auth';
import type { CallPanel } from '../calls/call-panel';
import { bookingRoutes } from './booking-routes';
import { callPanelRoutes } from './call-panel-routes';
import { calendarRoutes } from './calendar-routes';
import {
  consoleHelpers,
  type ConsoleDeps,
  type ConsoleRouteHelpers,
} from './console-route-helpers';
import { handoffRoutes } from './handoff-routes';
import { inboxRoutes } from './inbox-routes';
import { machineRoutes } from './machine-routes';
import { refundRoutes } from './refund-routes';
import { threadRoutes } from './thread-routes';

export type { ConsoleDeps } from './console-route-helpers';

/**
 * The console's JSON API. Every route authenticates (Keycloak JWT, or loopback in development
 * mode) and checks the tenant; PII is masked unless `?reveal=1`, and reveals are logged.
 */
export function consoleRoutes(router: Router, deps: ConsoleDeps): { calls: CallPanel | null } {
  const helpers = consoleHelpers(deps);
  sessionRoutes(router, helpers);
  threadRoutes(router, helpers);
  machineRoutes(router, helpers);
  bookingRoutes(router, helpers);
  handoffRoutes(router, helpers);
  calendarRoutes(router, helpers);
  inboxRoutes(router, helpers);
  refundRoutes(router, helpers);
  // The "call as a customer" panel is a simulator: on where the chat simulator is.
  return { calls: deps.simulatorEnabled ? callPanelRoutes(router, helpers, {}) : null };
}

/** The console's settings (no login), who the operator is, and the tenants they may see. */
function sessionRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const { deps } = h;
  router.get('/api/console', (ctx) => {
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      mode: deps.auth.mode,
      banner: deps.banner,
      keycloak: deps.keycloak
        ? { url: deps.keycloak.url, realm: deps.keycloak.realm, clientId: deps.keycloak.clientId }
        : null,
      simulator: deps.simulatorEnabled,
      node: deps.nodeId,
    };
  });

  router.get('/api/me', async (ctx) => {
    const p = await h.who(ctx);
    ctx.body = { subject: p.subject, name: p.name, tenants: p.tenants, mode: deps.auth.mode };
  });

  router.get('/api/tenants', async (ctx) => {
    const p = await h.who(ctx);
    const slugs = (await deps.tenants.list()).filter((s) => canSee(p, s));
    const tenants = [];
    for (const slug of slugs) {
      const t = await deps.tenants.get(slug);
      if (t)
        tenants.push({
          slug: t.slug,
          name: t.name,
          timezone: t.timezone,
          language: consoleLanguage(t.languages),
        });
    }
    ctx.body = { tenants, mode: deps.auth.mode };
  });
}
