import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { ConsoleAccess } from './console-access';

/** SHA-256 sources of the inline `<script>`s of a page (SvelteKit's bootstrap is inline). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const body = m[1] ?? '';
    if (body.trim() === '') continue;
    out.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return out;
}

/**
 * The console page's Content-Security-Policy: scripts only from this origin or the exact inline
 * bootstrap, no plugins, no framing, connections only here (and to Keycloak for the login).
 * Inline style attributes stay allowed (Svelte's `style:` bindings).
 */
export function consoleCsp(html: string, keycloakUrl: string | undefined): string {
  const kc = keycloakUrl ? ` ${new URL(keycloakUrl).origin}` : '';
  return [
    `default-src 'self'`,
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trimEnd(),
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'${kc}`,
    `frame-src 'self'${kc}`,
    `frame-ancestors 'none'`,
    `form-action 'self'${kc}`,
    `base-uri 'self'`,
    `object-src 'none'`,
  ].join('; ');
}

/** With the console refused (see consoleAccess), every console path answers 403 with the fix. */
export function refusedConsole(access: Extract<ConsoleAccess, { mode: 'refused' }>) {
  return (ctx: Context) => {
    ctx.status = 403;
    ctx.set('cache-control', 'no-store');
    if (ctx.path.startsWith('/api/') || ctx.accepts('json', 'html') === 'json') {
      ctx.body = { error: 'forbidden', message: access.reason };
    } else {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Ratiba console: ${access.reason}.\n`;
    }
  };
}
