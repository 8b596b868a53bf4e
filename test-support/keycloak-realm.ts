/**
 * The Keycloak realm the stack imports (docker/keycloak/ratiba-realm.json), read as Keycloak
 * reads it, and the access tokens it issues, built from the console client's protocol mappers.
 * Auth tests mint their tokens from here, so a mapper changed in the realm changes the tokens
 * the tests send, and a mapper this kit does not model fails loudly instead of being ignored.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JWTPayload } from 'jose';

export const REALM_FILE = resolve(import.meta.dirname, '../docker/keycloak/ratiba-realm.json');

export interface RealmUser {
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  realmRoles?: string[];
  groups?: string[];
}

export interface ProtocolMapper {
  name: string;
  protocolMapper: string;
  config: Record<string, string>;
}

export interface RealmClient {
  clientId: string;
  publicClient?: boolean;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  rootUrl?: string;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  protocolMappers?: ProtocolMapper[];
}

export interface Realm {
  realm: string;
  roles?: { realm?: { name: string }[] };
  groups?: { name: string; path?: string; realmRoles?: string[] }[];
  clients?: RealmClient[];
  users?: RealmUser[];
  components?: Record<string, { providerId: string; config: Record<string, string[]> }[]>;
}

/** Keycloak's import placeholders: `${VAR}` or `${VAR:default}`, from the environment. */
export function resolvePlaceholders(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g,
    (all, name: string, def?: string) => env[name] ?? def ?? all,
  );
}

export function loadRealm(env: Record<string, string | undefined> = {}, path = REALM_FILE): Realm {
  return JSON.parse(resolvePlaceholders(readFileSync(path, 'utf8'), env)) as Realm;
}

export function realmClient(realm: Realm, clientId: string): RealmClient {
  const c = realm.clients?.find((x) => x.clientId === clientId);
  if (!c) throw new Error(`realm ${realm.realm} has no client ${clientId}`);
  return c;
}

export function realmUser(realm: Realm, username: string): RealmUser {
  const u = realm.users?.find((x) => x.username === username);
  if (!u) throw new Error(`realm ${realm.realm} has no user ${username}`);
  return u;
}

/** The user's effective realm roles: direct, and those of the groups they are in. */
export function effectiveRealmRoles(realm: Realm, user: RealmUser): string[] {
  const viaGroups = (user.groups ?? []).flatMap((path) => {
    const g = realm.groups?.find((x) => (x.path ?? `/${x.name}`) === path);
    if (!g) throw new Error(`user ${user.username}: no group ${path}`);
    return g.realmRoles ?? [];
  });
  return [...new Set([...(user.realmRoles ?? []), ...viaGroups])];
}

function setClaim(claims: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = claims;
  for (const p of parts.slice(0, -1)) {
    node[p] ??= {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/** A stable user id like Keycloak's (a UUID), derived from the username. */
export function userId(username: string): string {
  const h = createHash('sha256').update(username).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The claims of an access token the realm issues to `user` through `clientId` (before iss,
 * iat and exp, which the signer sets): exactly the client's protocol mappers, plus what
 * Keycloak always adds (azp, typ, scope).
 */
export function accessTokenClaims(realm: Realm, clientId: string, user: RealmUser): JWTPayload {
  const client = realmClient(realm, clientId);
  const claims: Record<string, unknown> = {
    typ: 'Bearer',
    azp: clientId,
    scope: 'openid profile email',
  };
  const audience: string[] = [];
  for (const m of client.protocolMappers ?? []) {
    if (m.config['access.token.claim'] !== 'true') continue;
    switch (m.protocolMapper) {
      case 'oidc-sub-mapper':
        claims.sub = userId(user.username);
        break;
      case 'oidc-audience-mapper':
        audience.push(m.config['included.client.audience']!);
        break;
      case 'oidc-usermodel-attribute-mapper': {
        const attr = m.config['user.attribute']!;
        const values =
          attr === 'username'
            ? [user.username]
            : attr === 'email' || attr === 'firstName' || attr === 'lastName'
              ? [user[attr]].filter((v): v is string => v !== undefined)
              : (user.attributes?.[attr] ?? []);
        if (values.length === 0) break;
        setClaim(
          claims,
          m.config['claim.name']!,
          m.config.multivalued === 'true' ? values : values[0],
        );
        break;
      }
      case 'oidc-usermodel-realm-role-mapper':
        setClaim(claims, m.config['claim.name']!, effectiveRealmRoles(realm, user));
        break;
      default:
        throw new Error(
          `keycloak-realm kit: mapper ${m.protocolMapper} (${m.name}) is not modelled`,
        );
    }
  }
  if (audience.length > 0) claims.aud = audience.length === 1 ? audience[0] : audience;
  return claims;
}
