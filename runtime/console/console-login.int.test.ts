import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../test-support/browser-kit';
import {
  shotsAtBothSizes,
  startConsoleRig,
  type ConsoleRig,
} from '../../test-support/console-browser-rig';
import { startFakeKeycloak, type FakeKeycloak } from '../../test-support/console-test-kit';

/**
 * Login with Keycloak configured: the console redirects to the realm (keycloak-js, PKCE), comes
 * back with a code, and every API call and the live WebSocket carry the token. Runs against a
 * fake realm (authorization, token and JWKS endpoints) on port 0. Screenshots (both sizes, axe at
 * each): test-results/console/login-*.png.
 */
describe.skipIf(!existsSync(CHROMIUM))('console login (Keycloak)', () => {
  let r: ConsoleRig;
  let kc: FakeKeycloak;

  beforeAll(async () => {
    kc = await startFakeKeycloak('ratiba', 'ratiba-console');
    r = await startConsoleRig({ env: { KEYCLOAK_URL: kc.url }, overrides: {} });
  }, 300_000);
  afterAll(async () => {
    await r?.stop();
    await kc?.close();
  });

  it('signs an operator in and shows their tenant, live, without the development banner', async () => {
    kc.claims = { tenants: ['demo'] };
    const { page } = r;
    const authRequests: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/protocol/openid-connect/auth')) authRequests.push(req.url());
    });
    await page.goto(r.url);
    await page.waitForSelector('[data-testid=live-status]:has-text("live")', { timeout: 15_000 });
    const auth = new URL(authRequests[0]!);
    expect(auth.searchParams.get('client_id')).toBe('ratiba-console');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(await page.isVisible('[data-testid=dev-banner]')).toBe(false);
    expect(await page.isVisible('button:has-text("Sign out")')).toBe(true);
    await r.shots('login-signed-in');
  }, 60_000);

  it('tells an operator of another tenant that nothing is visible', async () => {
    kc.claims = { tenants: ['acme'] };
    // A browser of its own: no session of the first operator.
    const other = await r.browser.newContext();
    const page = await other.newPage();
    await page.goto(r.url);
    await page.waitForSelector('text=No tenant is visible to you', { timeout: 15_000 });
    await shotsAtBothSizes(page, 'login-no-tenant');
    await other.close();
  }, 60_000);
});
