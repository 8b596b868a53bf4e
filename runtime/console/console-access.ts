import type { IncomingMessage } from 'node:http';
import type { RatibaConfig } from '../config';

/**
 * Who may reach the console, decided once at boot (issue 16, "safe by default"):
 * - `keycloak`: KEYCLOAK_URL is set; every call needs a realm token.
 * - `development`: no login, this machine only. The embedded default (no DATABASE_URL), or a
 *   real database with RATIBA_CONSOLE_WITHOUT_LOGIN=1 (`optOut`: said loudly in log and banner).
 * - `refused`: a real database and neither: the console and its API answer 403 with the fix.
 */
export type ConsoleAccess =
  | { mode: 'keycloak' }
  | { mode: 'development'; optOut: boolean }
  | { mode: 'refused'; reason: string };

export const REFUSED_REASON =
  'the console is off: this backend has a real database (DATABASE_URL) and no login. ' +
  'Set KEYCLOAK_URL, or RATIBA_CONSOLE_WITHOUT_LOGIN=1 to open it without login to this machine only';

export function consoleAccess(
  config: Pick<RatibaConfig, 'keycloak' | 'databaseUrl' | 'consoleWithoutLogin'>,
): ConsoleAccess {
  if (config.keycloak) return { mode: 'keycloak' };
  if (config.databaseUrl === undefined) return { mode: 'development', optOut: false };
  if (config.consoleWithoutLogin) return { mode: 'development', optOut: true };
  return { mode: 'refused', reason: REFUSED_REASON };
}

/** Headers a reverse proxy or tunnel adds: their presence means the caller is not this machine,
 * whatever the socket's peer address says (nginx on the same host, cloudflared, ngrok…). */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-real-ip',
  'cf-connecting-ip',
  'true-client-ip',
  'x-original-forwarded-for',
];

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Why a request cannot be "this machine" though its socket is loopback: it came through a proxy,
 * or it names a host other than localhost (a DNS-rebinding page, a tunnel's public name).
 * `undefined` when it is genuinely local.
 */
export function notLocalReason(req: IncomingMessage): string | undefined {
  for (const h of PROXY_HEADERS)
    if (req.headers[h] !== undefined) return `it came through a proxy (${h})`;
  const host = req.headers.host;
  if (!host) return undefined; // HTTP/1.0 from a local tool
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  if (!name || !(LOCAL_HOSTS.has(name.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(name)))
    return `it names host ${JSON.stringify(host.slice(0, 100))}, not localhost`;
  return undefined;
}
