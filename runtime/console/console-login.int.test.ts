import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { createTestDatabase, startTestRuntime, type TestDatabase } from '../../test-support';
import { buildDashboardForTests } from './dashboard-build';
import { startFakeKeycloak, type FakeKeycloak } from '../../test-support/console-test-kit';

/**
 * Login with Keycloak configured: the console redirects to the realm (keycloak-js, PKCE), comes
 * back with a code, and every API call and the live WebSocket carry the token. Runs against a
 * fake realm (authorization, token and JWKS endpoints) on port 0.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../test-results/console');

describe.skipIf(!existsSync(CHROMIUM))('console login (Keycloak)', () => {
  let tdb: TestDatabase;
  let rt: Runtime;
  let kc: FakeKeycloak;
  let browser: Browser;

  beforeAll(async () => {
    buildDashboardForTests();
    mkdirSync(SHOTS, { recursive: true });
    kc = await startFakeKeycloak('ratiba', 'ratiba-console');
    tdb = await createTestDatabase();
    rt = await startTestRuntime(tdb.url, { KEYCLOAK_URL: kc.url });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
    await tdb?.drop();
    await kc?.close();
  });

  it('signs an operator in and shows their tenant, live, without the development banner', async () => {
    kc.claims = { tenants: ['demo'] };
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const authRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/protocol/openid-connect/auth')) authRequests.push(r.url());
    });
    await page.goto(rt.http.url);
    await page.waitForSelector('[data-testid=live-status]:has-text("live")', { timeout: 15_000 });
    const auth = new URL(authRequests[0]!);
    expect(auth.searchParams.get('client_id')).toBe('ratiba-console');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(await page.isVisible('[data-testid=dev-banner]')).toBe(false);
    expect(await page.isVisible('button:has-text("Sign out")')).toBe(true);
    await page.screenshot({ path: resolve(SHOTS, '10-signed-in.png') });
    await page.close();
  }, 60_000);

  it('tells an operator of another tenant that nothing is visible', async () => {
    kc.claims = { tenants: ['acme'] };
    const page = await browser.newPage();
    await page.goto(rt.http.url);
    await page.waitForSelector('text=No tenant is visible to you', { timeout: 15_000 });
    await page.close();
  }, 60_000);
});
