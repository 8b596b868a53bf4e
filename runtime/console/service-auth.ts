import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken, type ConsoleAuth, type Principal } from './console-auth';

/** Who a request bearing the service token is (it serves every tenant's calls). */
export const SERVICE_PRINCIPAL: Principal = {
  subject: 'service:voice-bridge',
  name: 'voice bridge',
  tenants: 'all',
};

const digest = (v: string) => createHash('sha256').update(v).digest();

/** True when the request's bearer token is `token` (compared in constant time). */
export function bearsServiceToken(req: IncomingMessage, token: string): boolean {
  const given = bearerToken(req);
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * The authentication of the endpoints the voice bridge calls (`/api/simulator/...`): the console's
 * (a Keycloak access token, e.g. a service account's, or this machine in development mode), plus
 * `RATIBA_SERVICE_TOKEN` when configured, a shared secret for a bridge on another host. Anything
 * else is refused exactly as the console refuses it: with Keycloak, no token or a wrong one is
 * 401 (regression, issue 17: `HttpTurnBridge` sent no credential at all).
 */
export function withServiceToken(auth: ConsoleAuth, token: string | undefined): ConsoleAuth {
  if (!token) return auth;
  return {
    mode: auth.mode,
    authenticate: (req) =>
      bearsServiceToken(req, token) ? Promise.resolve(SERVICE_PRINCIPAL) : auth.authenticate(req),
  };
}
