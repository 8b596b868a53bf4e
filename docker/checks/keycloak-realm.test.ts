/**
 * The realm docker/keycloak/ratiba-realm.json against the console as it is configured: the
 * console must work with the realm unchanged (issuer path, client id, PKCE, audience, the
 * tenants claim, the platform role). Catches a realm edit — a renamed client, a dropped audience
 * mapper (Keycloak then issues `aud: account` and every console call is 401), an unmapped
 * tenants attribute (operators see nothing) — before anyone deploys it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { principalOf } from '../../runtime/console/console-auth';
import {
  accessTokenClaims,
  loadRealm,
  realmClient,
  realmUser,
  resolvePlaceholders,
} from '../../test-support/keycloak-realm';
import { REPO_ROOT } from './compose-files';

const realm = loadRealm();
const kc = loadConfig({ KEYCLOAK_URL: 'http://localhost:8080' }).keycloak!;
const client = realmClient(realm, kc.clientId);

describe('Keycloak realm export', () => {
  it("is the realm and client the console's configuration names", () => {
    expect(realm.realm).toBe(kc.realm);
    expect(kc.issuer).toBe(`http://localhost:8080/realms/${realm.realm}`);
    expect(client.clientId).toBe(kc.clientId);
  });

  it('has a public client with the authorization code flow and PKCE (S256) only', () => {
    expect(client).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(client.attributes?.['pkce.code.challenge.method']).toBe('S256');
    const dashboard = readFileSync(resolve(REPO_ROOT, 'dashboard/src/lib/api.ts'), 'utf8');
    expect(dashboard).toMatch(/pkceMethod: 'S256'/);
    // Redirects only back to the console (RATIBA_CONSOLE_URL), never anywhere.
    expect(client.rootUrl).toBe('http://localhost:3000');
    expect(client.redirectUris).toEqual(['/*']);
    expect(loadRealm({ RATIBA_CONSOLE_URL: 'https://console.salon.example' })).toMatchObject({
      clients: [expect.objectContaining({ rootUrl: 'https://console.salon.example' })],
    });
  });

  it('defines the platform role the console treats as "every tenant", and the operator role', () => {
    const roles = realm.roles?.realm?.map((r) => r.name) ?? [];
    expect(roles).toContain(kc.platformRole);
    expect(roles).toContain('ratiba-operator');
  });

  it("issues access tokens the console accepts: its audience, a subject, the user's tenants", () => {
    const amina = realmUser(realm, 'amina');
    const claims = accessTokenClaims(realm, kc.clientId, amina);
    expect([claims.aud].flat()).toContain(kc.audience);
    expect(claims.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.azp).toBe(kc.clientId);
    expect(principalOf(claims, kc.platformRole)).toMatchObject({
      name: 'amina',
      tenants: ['demo'],
    });
    expect(claims.realm_access).toEqual({ roles: ['ratiba-operator'] });
  });

  it('gives a member of platform-operators every tenant', () => {
    const claims = accessTokenClaims(realm, kc.clientId, {
      username: 'ops',
      groups: ['/platform-operators'],
    });
    expect(principalOf(claims, kc.platformRole).tenants).toBe('all');
  });

  it('declares the tenants attribute in the user profile (Keycloak 24+ drops undeclared ones)', () => {
    const profile = realm.components?.['org.keycloak.userprofile.UserProfileProvider']?.[0];
    const config = JSON.parse(profile!.config['kc.user.profile.config']![0]!) as {
      attributes: { name: string; multivalued?: boolean; permissions: { edit: string[] } }[];
    };
    const tenants = config.attributes.find((a) => a.name === 'tenants');
    expect(tenants).toMatchObject({ multivalued: true, permissions: { edit: ['admin'] } });
    for (const u of realm.users ?? []) {
      for (const t of u.attributes?.tenants ?? []) expect(t).toMatch(/^[a-z0-9_]{1,40}$/);
    }
  });

  it('keeps the demo operator password out of the file (a placeholder, temporary)', () => {
    const raw = readFileSync(resolve(REPO_ROOT, 'docker/keycloak/ratiba-realm.json'), 'utf8');
    const parsed = JSON.parse(raw) as {
      users: { credentials: { value: string; temporary: boolean }[] }[];
    };
    const cred = parsed.users[0]!.credentials[0]!;
    expect(cred.value).toMatch(/^\$\{RATIBA_DEMO_OPERATOR_PASSWORD:/);
    expect(cred.temporary).toBe(true);
    expect(resolvePlaceholders(cred.value, { RATIBA_DEMO_OPERATOR_PASSWORD: 's3cret' })).toBe(
      's3cret',
    );
  });
});
