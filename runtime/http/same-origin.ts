import type { IncomingHttpHeaders } from 'node:http';
import type { Middleware } from 'koa';
import { publicError } from '../../contract';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request is a cross-site one a browser was made to send (undefined when it is not):
 * an `Origin` other than the host the request was sent to (or the opaque `null` of sandboxed
 * frames and some redirects), or `Sec-Fetch-Site: cross-site`. Clients that are not browsers
 * (the CLI, curl, providers' webhooks) send neither and pass.
 */
export function crossSiteReason(headers: IncomingHttpHeaders, host: string): string | undefined {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site') return 'sec-fetch-site is cross-site';
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  if (origin === 'null') return 'opaque origin';
  try {
    return new URL(origin).host === host ? undefined : `origin ${origin} is not ${host}`;
  } catch {
    return 'malformed origin';
  }
}

/**
 * Cross-site request forgery: a state-changing call (`POST`, `PUT`, `PATCH`, `DELETE`) to the
 * console API or the simulator from a page on another origin is refused with 403 before any
 * route runs. A form POST needs no body and carries the browser's credentials (and in
 * development mode, loopback is the credential), so authentication alone does not stop it.
 */
export function sameOriginGuard(prefix = '/api/'): Middleware {
  return async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method) && ctx.path.startsWith(prefix)) {
      const reason = crossSiteReason(ctx.headers, ctx.host);
      if (reason !== undefined)
        throw publicError('forbidden', `cross-site request refused (${reason})`);
    }
    await next();
  };
}
