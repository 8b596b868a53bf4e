import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { loadConfig } from '../config';
import { createTestDatabase, startTestRuntime, type TestDatabase } from '../../test-support';
import { getJson, openLive, postJson } from '../../test-support/console-test-kit';
import {
  accessTokenClaims,
  loadRealm,
  realmUser,
  type RealmUser,
} from '../../test-support/keycloak-realm';
import { keycloakAuth } from './console-auth';

/**
 * A local stand-in for Keycloak: the realm's JWKS on port 0, tokens minted with its key and
 * shaped by the protocol mappers of the realm the stack imports (docker/keycloak). The
 * console must refuse every token that is not exactly right, on the API and the WebSocket.
 */
const realm = loadRealm();
const REALM = realm.realm;
const CLIENT = 'ratiba-console';
const claimsOf = (user: RealmUser) => accessTokenClaims(realm, CLIENT, user);

describe('console auth with Keycloak configured', () => {
  let tdb: TestDatabase;
  let rt: Runtime;
  let url: string;
  let jwks: Server;
  let issuer: string;
  let sign: (
    claims: JWTPayload,
    opts?: { exp?: string | number; iss?: string; aud?: string },
  ) => Promise<string>;
  let foreignKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    foreignKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((req, res) => {
      if (req.url === `/realms/${REALM}/protocol/openid-connect/certs`) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
    issuer = `${base}/realms/${REALM}`;
    sign = (claims, opts = {}) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject(String(claims.sub ?? 'user-1'))
        .setIssuer(opts.iss ?? issuer)
        .setAudience(opts.aud ?? (claims.aud as string | undefined) ?? CLIENT)
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '5m')
        .sign(privateKey);
    tdb = await createTestDatabase();
    rt = await startTestRuntime(tdb.url, {
      KEYCLOAK_URL: base,
      KEYCLOAK_REALM: REALM,
      KEYCLOAK_CLIENT_ID: CLIENT,
    });
    url = rt.http.url;
  });
  afterAll(async () => {
    await rt?.stop();
    await tdb?.drop();
    await new Promise((r) => jwks?.close(r));
  });

  const operatorOf = (tenant: string) =>
    sign(
      claimsOf({
        username: `op-${tenant}`,
        attributes: { tenants: [tenant] },
        groups: ['/tenant-operators'],
      }),
    );
  const threadsOf = (tenant: string, token?: string) =>
    getJson(`${url}/api/tenants/${tenant}/threads`, token);

  it('reads the KEYCLOAK variables in config', () => {
    expect(
      loadConfig({ KEYCLOAK_URL: 'https://id.example.com/', KEYCLOAK_REALM: 'r' }).keycloak,
    ).toEqual({
      url: 'https://id.example.com',
      realm: 'r',
      clientId: 'ratiba-console',
      issuer: 'https://id.example.com/realms/r',
      audience: 'ratiba-console',
      platformRole: 'ratiba-platform',
      jwksUrl: 'https://id.example.com/realms/r/protocol/openid-connect/certs',
    });
    expect(
      loadConfig({
        KEYCLOAK_URL: 'https://id.example.com',
        KEYCLOAK_INTERNAL_URL: 'http://kc:8080',
      }).keycloak?.jwksUrl,
    ).toBe('http://kc:8080/realms/ratiba/protocol/openid-connect/certs');
    expect(() => loadConfig({ KEYCLOAK_URL: 'ftp://x' })).toThrow(/KEYCLOAK_URL/);
    expect(loadConfig({}).keycloak).toBeUndefined();
  });

  it('tells the browser where to log in, without a token', async () => {
    const c = await getJson(`${url}/api/console`);
    expect(c.body).toMatchObject({
      mode: 'keycloak',
      banner: null,
      keycloak: { realm: REALM, clientId: CLIENT },
    });
  });

  it('lets an operator of the tenant in, and shows them only their tenants', async () => {
    const token = await operatorOf('demo');
    expect((await threadsOf('demo', token)).status).toBe(200);
    const t = await getJson(`${url}/api/tenants`, token);
    expect(t.body.tenants).toEqual([expect.objectContaining({ slug: 'demo' })]);
    expect(t.headers.get('x-ratiba-console-mode')).toBeNull();
    const none = await getJson(`${url}/api/tenants`, await operatorOf('acme'));
    expect(none.body.tenants).toEqual([]);
  });

  it('accepts the tenant as a realm role, and the platform role for every tenant', async () => {
    const byRole = await sign({ realm_access: { roles: ['tenant:demo'] } });
    expect((await threadsOf('demo', byRole)).status).toBe(200);
    const platform = await sign(claimsOf({ username: 'ops', groups: ['/platform-operators'] }));
    expect((await threadsOf('demo', platform)).status).toBe(200);
  });

  it("lets the realm's demo operator in as the realm export issues her token", async () => {
    const token = await sign(claimsOf(realmUser(realm, 'amina')));
    const t = await getJson(`${url}/api/tenants`, token);
    expect(t.status).toBe(200);
    expect(t.body.tenants).toEqual([expect.objectContaining({ slug: 'demo' })]);
  });

  it('fetches the keys from KEYCLOAK_INTERNAL_URL while the issuer stays the public URL', async () => {
    // In compose, browsers reach Keycloak at localhost:8080 (the issuer) and the nodes at
    // keycloak:8080. Here the public host does not resolve; the keys come from the fake.
    const publicUrl = 'http://keycloak.invalid';
    const kc = loadConfig({
      KEYCLOAK_URL: publicUrl,
      KEYCLOAK_INTERNAL_URL: new URL(issuer).origin,
    }).keycloak!;
    const token = await sign(claimsOf(realmUser(realm, 'amina')), { iss: kc.issuer });
    const req = { headers: { authorization: `Bearer ${token}` }, socket: {} } as never;
    await expect(keycloakAuth(kc).authenticate(req)).resolves.toMatchObject({
      name: 'amina',
      tenants: ['demo'],
    });
  });

  it('refuses with 401: no token, expired, wrong issuer, wrong audience, alg none, HS256, foreign key', async () => {
    const unsigned = (payload: JWTPayload) =>
      [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
        Buffer.from(JSON.stringify(payload)).toString('base64url'),
        '',
      ].join('.');
    const now = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({ tenants: ['demo'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('x')
      .setIssuer(issuer)
      .setAudience(CLIENT)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!!'));
    const foreign = await new SignJWT({ tenants: ['demo'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('x')
      .setIssuer(issuer)
      .setAudience(CLIENT)
      .setExpirationTime('5m')
      .sign(foreignKey);
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      expired: await sign({ tenants: ['demo'] }, { exp: now - 60 }),
      issuer: await sign({ tenants: ['demo'] }, { iss: 'https://evil.example/realms/ratiba' }),
      audience: await sign({ tenants: ['demo'] }, { aud: 'another-client' }),
      none: unsigned({
        sub: 'x',
        iss: issuer,
        aud: CLIENT,
        exp: now + 300,
        tenants: ['demo'],
      }),
      hs256: hs,
      foreign,
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(cases)) {
      const r = await threadsOf('demo', token);
      expect(r.status, name).toBe(401);
      expect(r.body.error, name).toBe('unauthorized');
      await expect(
        openLive(`${url}/api/live?tenant=demo`, token ? { token } : {}),
        name,
      ).rejects.toThrow(/401/);
    }
  });

  it("refuses another tenant's operator with 403 on the API, actions and the WebSocket", async () => {
    const acme = await operatorOf('acme');
    expect((await threadsOf('demo', acme)).status).toBe(403);
    expect((await postJson(`${url}/api/tenants/demo/threads/c:1/takeover`, {}, acme)).status).toBe(
      403,
    );
    expect(
      (await getJson(`${url}/api/tenants/demo/threads/c:1/journal?reveal=1`, acme)).status,
    ).toBe(403);
    await expect(openLive(`${url}/api/live?tenant=demo`, { token: acme })).rejects.toThrow(/403/);
    // Only the platform role may watch every tenant at once.
    await expect(openLive(`${url}/api/live`, { token: await operatorOf('demo') })).rejects.toThrow(
      /403/,
    );
  });

  it('closes a live socket when its token expires', async () => {
    const shortLived = await sign(
      { sub: 'op', tenants: ['demo'] },
      { exp: Math.floor(Date.now() / 1000) + 2 },
    );
    const { ws } = await openLive(`${url}/api/live?tenant=demo`, { token: shortLived });
    const code = await new Promise<number>((r) => ws.once('close', (c: number) => r(c)));
    expect(code).toBe(4001);
  });

  it('opens the live feed for a valid operator', async () => {
    const { ws, messages } = await openLive(`${url}/api/live?tenant=demo`, {
      token: await operatorOf('demo'),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(messages[0]).toMatchObject({ type: 'hello', tenant: 'demo' });
    ws.close();
  });
});
