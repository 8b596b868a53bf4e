import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context, Next } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Paths the console never answers with its page (other route groups own them). */
const RESERVED = /^\/(api|webhooks|healthz|readyz|metrics)(\/|$)/;

export interface StaticOptions {
  root: string;
  /** Served for unknown paths that browsers navigate to (the SPA's client-side routes). */
  fallback: string;
  /** Body when the build is missing (a fresh clone that skipped the build). */
  missing: string;
  /** The Content-Security-Policy of a page, from its HTML (inline script hashes). */
  csp?: (html: string) => string;
}

/**
 * Serves the built console. Only GET/HEAD, only files under `root` (the decoded path is
 * resolved and must stay inside it: `..`, encoded slashes, NUL bytes and dotfiles are refused),
 * and only after the other routes had their chance (`await next()` first).
 */
export function staticFiles(opts: StaticOptions) {
  const root = resolve(opts.root);
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404) return;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    if (RESERVED.test(ctx.path)) return;
    const file = resolveInside(root, ctx.path);
    if (file === null) {
      ctx.status = 400;
      ctx.body = { error: 'bad_request', message: 'bad path' };
      return;
    }
    const found = (await fileStat(file)) ? file : undefined;
    const wantsPage = !extname(ctx.path) && ctx.accepts('html') === 'html';
    const target = found ?? (wantsPage ? join(root, opts.fallback) : undefined);
    if (!target) return;
    const st = await fileStat(target);
    if (!st) {
      if (wantsPage) {
        ctx.status = 503;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = opts.missing;
      }
      return;
    }
    ctx.status = 200;
    ctx.type = TYPES[extname(target)] ?? 'application/octet-stream';
    ctx.length = st.size;
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set(
      'cache-control',
      ctx.path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (target.endsWith('.html')) {
      ctx.set('x-frame-options', 'DENY');
      ctx.set('referrer-policy', 'no-referrer');
      if (opts.csp) ctx.set('content-security-policy', opts.csp(await readFile(target, 'utf8')));
    }
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(target);
  };
}

/** The file a URL path names inside `root`, or null when the path tries to leave it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const file = resolve(root, ...segments);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file === root ? join(root, 'index.html') : file;
}

async function fileStat(path: string) {
  try {
    const st = await stat(path);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}
