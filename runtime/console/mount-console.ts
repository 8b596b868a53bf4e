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
import { catalogImportRoutes } from './catalog-import-routes';
import { developmentAuth, keycloakAuth, type ConsoleAuth } from './console-auth';
import { consoleRoutes } from './console-routes';
import { ownerRoutes } from './owner-routes';
import type { LiveFeed } from './live-feed';
import { attachLiveSocket } from './live-socket';
import { staticFiles } from './static-files';

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
  /** Where the built console is (tests point it at a fixture). */
  dashboardDir?: string;
}

/**
 * The operator console on the running HTTP server: JSON API under `/api`, the live WebSocket at
 * `/api/live`, and the built SvelteKit app at `/`. Registered once by `startRuntime`; the
 * server's `close` also closes the live sockets (upgraded sockets would keep it open).
 */
export function mountConsole(deps: ConsoleMountDeps): { auth: ConsoleAuth } {
  const { config, log, http } = deps;
  const auth = config.keycloak ? keycloakAuth(config.keycloak) : developmentAuth();
  consoleRoutes(deps.router, {
    db: deps.db,
    tenants: deps.tenants,
    ingress: deps.ingress,
    machines: deps.machines,
    auth,
    log,
    nodeId: config.nodeId,
    keycloak: config.keycloak,
    simulatorEnabled: config.simulatorEnabled,
  });
  catalogImportRoutes(deps.router, {
    db: deps.db,
    auth,
    log,
    assets: createAssetStore(config.storage),
  });
  ownerRoutes(deps.router, { db: deps.db, tenants: deps.tenants, ingress: deps.ingress, auth });
  const root = deps.dashboardDir ?? DASHBOARD_BUILD;
  deps.router.get(
    '/{*path}',
    staticFiles({
      root,
      fallback: 'index.html',
      missing: 'The console is not built yet: run `npm run build:dashboard` (npm start does it).',
    }),
  );
  const live = attachLiveSocket(http.server, { feed: deps.feed, auth, log, nodeId: config.nodeId });
  const close = http.close.bind(http);
  http.close = () => {
    live.close();
    deps.feed.close();
    return close();
  };
  log.info(
    { url: `${http.url}/`, mode: auth.mode, login: config.keycloak?.issuer ?? null },
    'console ready',
  );
  return { auth };
}
