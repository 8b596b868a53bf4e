import { resolve } from 'node:path';
import type Router from '@koa/router';
import type { RatibaConfig } from '../config';
import type { Database } from '../db/database';
import type { HttpServer } from '../http/server';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { MachineRegistry } from '../supervisor/machine-registry';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { createAssetStore } from '../../adapters';
import { PriceListReader, priceListRouter } from '../tenancy/price-list-reader';
import { catalogDraftRoutes } from './catalog-draft-routes';
import { catalogImportRoutes } from './catalog-import-routes';
import { consoleAccess } from './console-access';
import { developmentAuth, keycloakAuth, type ConsoleAuth } from './console-auth';
import { consoleCsp, refusedConsole } from './console-guard';
import { consoleRoutes } from './console-routes';
import { ownerRoutes } from './owner-routes';
import type { LiveFeed } from './live-feed';
import { attachLiveSocket } from './live-socket';
import { staticFiles } from './static-files';

const DEV_BANNER = 'development mode: no login, this machine only (set KEYCLOAK_URL)';
const OPT_OUT_BANNER =
  'development mode, NO LOGIN on a real database (RATIBA_CONSOLE_WITHOUT_LOGIN=1): anyone on this machine can read every conversation; set KEYCLOAK_URL';

export const DASHBOARD_BUILD = resolve(import.meta.dirname, '../../dashboard/build');

export interface ConsoleMountDeps {
  config: RatibaConfig;
  router: Router;
  http: HttpServer;
  db: Database;
  tenants: TenantRegistry;
  ingress: Ingress;
  machines: MachineRegistry;
  feed: LiveFeed;
  log: Logger;
  /** The console's authentication (made from the configuration when absent). */
  auth?: ConsoleAuth;
  /** Where the built console is (tests point it at a fixture). */
  dashboardDir?: string;
}

/** Keycloak when configured; else development mode (this machine only, no login). */
export const consoleAuthOf = (config: RatibaConfig): ConsoleAuth =>
  config.keycloak ? keycloakAuth(config.keycloak) : developmentAuth();

/**
 * The operator console on the running HTTP server: JSON API under `/api`, the live WebSocket at
 * `/api/live`, and the built SvelteKit app at `/`. Registered once by `startRuntime`; the
 * server's `close` also closes the live sockets (upgraded sockets would keep it open).
 */
export function mountConsole(deps: ConsoleMountDeps): { auth: ConsoleAuth | null } {
  const { config, log, http } = deps;
  const access = consoleAccess(config);
  if (access.mode === 'refused') {
    // Only paths other route groups have not answered reach this (webhooks, health, simulator).
    deps.router.all('/{*path}', async (ctx, next) => {
      if (/^\/(webhooks|healthz|readyz|metrics)(\/|$)/.test(ctx.path)) {
        await next();
        return;
      }
      refusedConsole(access)(ctx);
    });
    log.error({ fix: 'set KEYCLOAK_URL or RATIBA_CONSOLE_WITHOUT_LOGIN=1' }, 'console refused');
    const closeHttp = http.close.bind(http);
    http.close = () => {
      deps.feed.close();
      return closeHttp();
    };
    return { auth: null };
  }
  const auth = deps.auth ?? consoleAuthOf(config);
  const optOut = access.mode === 'development' && access.optOut;
  if (optOut)
    log.warn(
      { variable: 'RATIBA_CONSOLE_WITHOUT_LOGIN' },
      'console without login on a real database: anyone on this machine can read every conversation',
    );
  const { calls } = consoleRoutes(deps.router, {
    db: deps.db,
    tenants: deps.tenants,
    ingress: deps.ingress,
    machines: deps.machines,
    auth,
    log,
    nodeId: config.nodeId,
    keycloak: config.keycloak,
    simulatorEnabled: config.simulatorEnabled,
    banner: optOut ? OPT_OUT_BANNER : auth.mode === 'development' ? DEV_BANNER : null,
  });
  const assets = createAssetStore(config.storage);
  catalogImportRoutes(deps.router, { db: deps.db, auth, log, assets });
  const router = priceListRouter(config.llm, { db: deps.db, log });
  const reader = new PriceListReader({ db: deps.db, assets, router, log });
  catalogDraftRoutes(deps.router, { db: deps.db, auth, log, assets, reader });
  ownerRoutes(deps.router, { db: deps.db, tenants: deps.tenants, ingress: deps.ingress, auth });
  const root = deps.dashboardDir ?? DASHBOARD_BUILD;
  deps.router.get(
    '/{*path}',
    staticFiles({
      root,
      fallback: 'index.html',
      missing: 'The console is not built yet: run `npm run build:dashboard` (npm start does it).',
      csp: (html) => consoleCsp(html, config.keycloak?.url),
    }),
  );
  const live = attachLiveSocket(http.server, { feed: deps.feed, auth, log, nodeId: config.nodeId });
  const close = http.close.bind(http);
  http.close = async () => {
    live.close();
    deps.feed.close();
    await calls?.close();
    return close();
  };
  log.info(
    { url: `${http.url}/`, mode: auth.mode, login: config.keycloak?.issuer ?? null },
    'console ready',
  );
  return { auth };
}
