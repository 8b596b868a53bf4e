import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDarajaServer, type FakeDarajaServer } from '../../adapters/daraja/testing';
import type { Runtime } from '../app';
import { CHROMIUM } from '../../test-support/browser-kit';
import {
  DESK,
  PHONE,
  pickDay,
  startConsoleRig,
  textFits,
  type ConsoleRig,
} from '../../test-support/console-browser-rig';
import { bookToPayment, paymentsTenantFile, replyMatching } from '../../test-support/payments-kit';
import { eventually } from '../../test-support/test-runtime';

/**
 * The console's calendar shows each booking's money (issue 13): a paid deposit and a hold still
 * waiting for M-Pesa, in a real browser. Screenshots: test-results/console/08-bookings-payments-{desktop,phone}.png.
 */
describe.skipIf(!existsSync(CHROMIUM))('payments in the console calendar', () => {
  let r: ConsoleRig;
  let fake: FakeDarajaServer;
  let rt: Runtime;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeDarajaServer();
    r = await startConsoleRig({
      dbMax: 3,
      env: { RATIBA_DEMO_TENANT: await paymentsTenantFile(), DARAJA_BASE_URL: fake.url },
      overrides: {},
      context: { viewport: { width: 1280, height: 900 } },
    });
    ({ rt, page } = r);
  }, 240_000);

  afterAll(async () => {
    await r?.stop();
    await fake?.close();
  });

  it('shows a paid deposit and a pending M-Pesa hold on their bookings', async () => {
    const url = rt.http.url;
    const paid = await bookToPayment(url, '+254708000301', '9am');
    const push = await eventually(async () => Promise.resolve(fake.pushes[0]));
    await fake.complete(push.checkoutRequestId, 0);
    await replyMatching(r.tdb.db, 't_demo', paid.thread, /You're booked!/);
    await bookToPayment(url, '+254708000302', '11am');
    await eventually(async () => Promise.resolve(fake.pushes[1]));

    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(
      new Date(Date.now() + 86_400_000),
    );
    await page.goto(`${url}/bookings`);
    await page.waitForSelector('[data-testid=calendar]');
    await pickDay(page, 'bookings-day', day);
    await page.waitForSelector('[data-testid=appt-payment]');
    const badges = await page.locator('[data-testid=appt-payment]').allInnerTexts();
    expect(badges.sort()).toEqual(['Deposit KES 400', 'Pending KES 400']);
    // Regression: on a phone the badge sat after the service name and was cut off entirely.
    await page.setViewportSize(PHONE);
    expect(await textFits(page, '[data-testid=appt] strong')).toBe(true);
    for (const badge of await page.locator('[data-testid=appt-payment]').all()) {
      const b = (await badge.boundingBox())!;
      const box = (await badge.locator('xpath=..').boundingBox())!; // its line clips it
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
    }
    await page.setViewportSize(DESK);
    await r.shots('08-bookings-payments');
  });
});
