import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { apiHeaders, sameOriginGuard } from './api-guard';
import { errorMiddleware } from './errors-middleware';

export interface HttpServer {
  app: Koa;
  router: Router;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Koa with the one error middleware and the /api guards; routes are added by each route group. */
export function createHttpApp(log: Logger, metrics: Metrics): { app: Koa; router: Router } {
  const app = new Koa();
  app.proxy = true;
  const router = new Router();
  app.use(errorMiddleware(log, metrics));
  app.use(apiHeaders());
  app.use(sameOriginGuard());
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on('error', (err: unknown) => log.debug({ err }, 'http stream error'));
  return { app, router };
}

export async function listen(
  app: Koa,
  router: Router,
  port: number,
  host: string | undefined,
): Promise<HttpServer> {
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const addr = server.address() as AddressInfo;
  const shown = host && host !== '0.0.0.0' && host !== '::' ? host : 'localhost';
  return {
    app,
    router,
    server,
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
