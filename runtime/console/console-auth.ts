import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Context } from 'koa';
import type { KeycloakConfig } from '../config';
import { isTenantSlug, publicError, RatibaError } from '../../contract';
import { notLocalReason } from './console-access';

/** Who is calling the console API. */
export interface Principal {
  subject: string;
  /** For audit lines (reveals, take-overs): preferred_username, email or subject. */
  name: string;
  /** The tenants this principal operates; 'all' for the platform role (or development mode). */
  tenants: 'all' | string[];
  /** When the token expires (epoch ms); live sockets close then and reconnect with a new one. */
  expiresAt?: number;
}

export interface ConsoleAuth {
  mode: 'keycloak' | 'development';
  /** Throws `unauthorized` (401) or `forbidden` (403). */
  authenticate(req: IncomingMessage): Promise<Principal>;
}

/** Signature algorithms a realm may use. `none` and HMAC (shared secrets) are never accepted. */
export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const unauthorized = (message: string) =>
  new RatibaError('unauthorized', message, { public: true });
export const forbidden = (message: string) =>
  new RatibaError('forbidden', message, { public: true });

export function canSee(p: Principal, tenant: string): boolean {
  return p.tenants === 'all' || p.tenants.includes(tenant);
}

/** Throws 403 unless the principal operates `tenant`. */
export function requireTenant(p: Principal, tenant: string): void {
  if (!canSee(p, tenant)) throw forbidden(`no access to tenant ${JSON.stringify(tenant)}`);
}

/** The tenant slug a console route's path names (`:tenant`): well-formed (404) and `p`'s (403). */
export function tenantSlugOf(p: Principal, params: Record<string, string | undefined>): string {
  const slug = String(params.tenant);
  if (!isTenantSlug(slug)) throw publicError('unknown_tenant', 'no such tenant');
  requireTenant(p, slug);
  return slug;
}

/**
 * Who calls a console route about one tenant, and that tenant's slug (see `tenantSlugOf`). The
 * answer is about one operator's view: never cached.
 */
export async function operatorOfTenant(
  auth: ConsoleAuth,
  ctx: Context & { params: Record<string, string | undefined> },
): Promise<{ p: Principal; slug: string }> {
  ctx.set('cache-control', 'no-store');
  const p = await auth.authenticate(ctx.req);
  return { p, slug: tenantSlugOf(p, ctx.params) };
}

/** `Authorization: Bearer …`, or for WebSockets (browsers cannot set headers) the subprotocol
 * `bearer.<token>` next to `ratiba.v1`. Never a query parameter: URLs end up in logs. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header) : null;
  if (m) return m[1];
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',')) {
      const t = p.trim();
      if (t.startsWith('bearer.')) return t.slice('bearer.'.length);
    }
  }
  return undefined;
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Tenants from the token: `tenants`/`tenant` claims, or realm roles `tenant:<slug>`. */
export function principalOf(payload: JWTPayload, platformRole: string): Principal {
  const realmRoles = stringList((payload.realm_access as { roles?: unknown } | undefined)?.roles);
  const subject = payload.sub ?? 'unknown';
  const name = stringList(payload.preferred_username)[0] ?? stringList(payload.email)[0] ?? subject;
  if (realmRoles.includes(platformRole)) return { subject, name, tenants: 'all' };
  const tenants = new Set([
    ...stringList(payload.tenants),
    ...stringList(payload.tenant),
    ...realmRoles.filter((r) => r.startsWith('tenant:')).map((r) => r.slice('tenant:'.length)),
  ]);
  return { subject, name, tenants: [...tenants] };
}

/** Verifies realm access tokens against the realm's JWKS (fetched and cached by jose). */
export function keycloakAuth(kc: KeycloakConfig): ConsoleAuth {
  const jwks = createRemoteJWKSet(new URL(kc.jwksUrl), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
  });
  return {
    mode: 'keycloak',
    async authenticate(req) {
      const token = bearerToken(req);
      if (!token) throw unauthorized('sign in: a bearer token is required');
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: kc.issuer,
          audience: kc.audience,
          algorithms: ALLOWED_ALGORITHMS,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 5,
        });
        return {
          ...principalOf(payload, kc.platformRole),
          ...(payload.exp ? { expiresAt: payload.exp * 1000 } : {}),
        };
      } catch (err) {
        if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
          throw new RatibaError('timeout', 'identity provider (Keycloak) unreachable', {
            public: true,
            cause: err,
          });
        }
        const reason =
          err instanceof joseErrors.JWTExpired
            ? 'token expired'
            : err instanceof joseErrors.JWTClaimValidationFailed
              ? `token ${err.claim} is not accepted`
              : 'token is not valid';
        throw unauthorized(reason);
      }
    },
  };
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * Without Keycloak: no login, but only this machine may call the console (the peer address
 * of the socket, never X-Forwarded-For), and the UI shows a development-mode banner. A request
 * that came through a proxy or tunnel on this host, or names another host, is not "this machine"
 * (regression, issue 16: behind a same-host proxy everyone was local).
 */
export function developmentAuth(): ConsoleAuth {
  return {
    mode: 'development',
    authenticate(req) {
      if (!isLoopback(req.socket.remoteAddress)) {
        return Promise.reject(
          forbidden('the console without KEYCLOAK_URL answers this machine (localhost) only'),
        );
      }
      const why = notLocalReason(req);
      if (why) {
        return Promise.reject(
          forbidden(`the console without KEYCLOAK_URL answers this machine only; ${why}`),
        );
      }
      return Promise.resolve({ subject: 'local', name: 'local developer', tenants: 'all' });
    },
  };
}
