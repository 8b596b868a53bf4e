import type { Context, Middleware, Next } from 'koa';
import { publicError } from '../../contract';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard of every state-changing `/api` call (issue 16: take-over and
 * hand-back accepted a bodyless cross-site POST). A browser says where a request comes from in
 * `Sec-Fetch-Site` and `Origin`; both must be this site. The body must be JSON (or the CSV of a
 * catalog import), which a page on another site cannot send without a CORS preflight this backend
 * never grants. Non-browser
 * clients (curl, tests, the CLI) send neither header and pass on to authentication.
 */
export function sameOriginGuard(): Middleware {
  return async (ctx: Context, next: Next) => {
    if (SAFE_METHODS.has(ctx.method) || !ctx.path.startsWith('/api/')) {
      await next();
      return;
    }
    const site = ctx.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none')
      throw publicError('forbidden', `cross-site request refused (${site})`);
    const origin = ctx.get('origin');
    if (origin && !originMatches(origin, ctx))
      throw publicError('forbidden', 'cross-origin request refused');
    // JSON, the CSV of a catalog import, or the photo of a price list: none is a type a page on
    // another site may send without a CORS preflight.
    if (!ctx.is('application/json', 'text/csv', 'image/*'))
      throw publicError(
        'unsupported_media_type',
        'send a JSON body (content-type: application/json)',
      );
    await next();
  };
}

function originMatches(origin: string, ctx: Context): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // 'null' (sandboxed frames, file://) and garbage
  }
  if (!host) return false;
  // Behind a reverse proxy the browser's host arrives as X-Forwarded-Host.
  const forwarded = ctx.get('x-forwarded-host').split(',')[0]?.trim();
  return host === ctx.get('host') || (forwarded !== undefined && host === forwarded);
}

/** API responses are data, never a page: nothing may run or frame them. */
export const API_CSP = `default-src 'none'; frame-ancestors 'none'`;

export function apiHeaders(): Middleware {
  return async (ctx: Context, next: Next) => {
    await next();
    if (!ctx.path.startsWith('/api/')) return;
    ctx.set('content-security-policy', API_CSP);
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
  };
}
