import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDarajaServer, type FakeDarajaServer } from '../../adapters/daraja/testing';
import type { Runtime } from '../app';
import { createTestDatabase, startTestRuntime, type TestDatabase } from '../../test-support';
import { CHROMIUM, launchChromium } from '../../test-support/browser-kit';
import { bookToPayment, paymentsTenantFile, replyMatching } from '../../test-support/payments-kit';
import { eventually } from '../../test-support/test-runtime';
import { buildDashboardForTests } from './dashboard-build';

/**
 * The console's calendar shows each booking's money (issue 13): a paid deposit and a hold still
 * waiting for M-Pesa, in a real browser. Screenshot: test-results/console/08-bookings-payments.png.
 */
const SHOTS = resolve(import.meta.dirname, '../../test-results/console');

describe.skipIf(!existsSync(CHROMIUM))('payments in the console calendar', () => {
  let tdb: TestDatabase;
  let fake: FakeDarajaServer;
  let rt: Runtime;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildDashboardForTests();
    mkdirSync(SHOTS, { recursive: true });
    tdb = await createTestDatabase({ max: 3 });
    fake = await startFakeDarajaServer();
    rt = await startTestRuntime(tdb.url, {
      RATIBA_DEMO_TENANT: await paymentsTenantFile(),
      DARAJA_BASE_URL: fake.url,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
    await fake?.close();
    await tdb?.drop();
  });

  it('shows a paid deposit and a pending M-Pesa hold on their bookings', async () => {
    const url = rt.http.url;
    const paid = await bookToPayment(url, '+254708000301', '9am');
    const push = await eventually(async () => Promise.resolve(fake.pushes[0]));
    await fake.complete(push.checkoutRequestId, 0);
    await replyMatching(tdb.db, 't_demo', paid.thread, /You're booked!/);
    await bookToPayment(url, '+254708000302', '11am');
    await eventually(async () => Promise.resolve(fake.pushes[1]));

    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
      new Date(Date.now() + 86_400_000),
    );
    await page.goto(`${url}/bookings`);
    await page.waitForSelector('[data-testid=calendar]');
    await page.fill('[data-testid=bookings-day]', day);
    await page.waitForSelector('[data-testid=appt-payment]');
    const badges = await page.locator('[data-testid=appt-payment]').allInnerTexts();
    expect(badges.sort()).toEqual(['Deposit KES 400', 'Pending KES 400']);
    await page.screenshot({ path: resolve(SHOTS, '08-bookings-payments.png'), fullPage: true });
  });
});
