import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { DEMO_TENANT_FILE } from '../config';
import {
  createTestDatabase,
  simulate,
  startTestRuntime,
  type TestDatabase,
} from '../../test-support';
import {
  CHROMIUM,
  launchChromium,
  seriousAxeViolations,
  waitForExpr,
  watchCsp,
} from '../../test-support/browser-kit';
import { buildDashboardForTests } from './dashboard-build';

/**
 * The console's "Owner chat" panel in a real browser: it talks to the demo owner's admin thread
 * (the same actor as their WhatsApp), renders the taps the actor offers as buttons that work,
 * and shows what the owner sends from WhatsApp live. Screenshots at desktop and phone sizes go
 * to test-results/console/.
 */
const SHOTS = resolve(import.meta.dirname, '../../test-results/console');
const OWNER = '+254700000001';
const BOT_TEXTS = `[...document.querySelectorAll('[data-testid=owner-log] [data-from=bot] .text')].map((e) => e.textContent)`;

describe.skipIf(!existsSync(CHROMIUM))('owner chat in the console', () => {
  let tdb: TestDatabase;
  let rt: Runtime;
  let browser: Browser;
  let page: Page;
  let csp: string[] = [];

  beforeAll(async () => {
    buildDashboardForTests();
    mkdirSync(SHOTS, { recursive: true });
    tdb = await createTestDatabase();
    rt = await startTestRuntime(tdb.url, { RATIBA_DEMO_TENANT: DEMO_TENANT_FILE });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    csp = watchCsp(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
    await tdb?.drop();
  });

  const shot = (name: string) =>
    page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
  const botSaid = (fragment: string) =>
    waitForExpr(page, `${BOT_TEXTS}.includes(${JSON.stringify(fragment)})`, 20_000);
  const send = async (text: string) => {
    await page.fill('[data-testid=owner-text]', text);
    await page.click('[data-testid=owner-send]');
  };

  it('sends commands, taps the offered buttons, and shows WhatsApp messages live', async () => {
    await page.goto(`${rt.http.url}/owner`);
    await page.waitForSelector('[data-testid=owner-live]:has-text("live")');
    expect(await page.textContent('[data-testid=owner-chat]')).toContain(OWNER);

    await send('bookings tomorrow');
    await waitForExpr(page, `${BOT_TEXTS}.some((t) => t.startsWith('📅 Bookings'))`, 20_000);
    await botSaid('No bookings.');

    // A change asks first: Yes / No come as buttons; tapping Yes carries it out.
    await send('add staff Njeri');
    const yes = '[data-testid=owner-log] li:last-child button:has-text("Yes")';
    await page.waitForSelector(yes);
    expect(
      await page.isVisible('[data-testid=owner-log] li:last-child button:has-text("No")'),
    ).toBe(true);
    await page.click(yes);
    await botSaid('✅ Done: ➕ New staff member Njeri');
    const audit = (await (await fetch(`${rt.http.url}/api/tenants/demo/admin-audit`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toContain('add_staff');

    // The owner writes on WhatsApp: the same thread, and the panel shows it without a reload.
    const wa = await simulate(rt.http.url, { from: OWNER, text: 'msaada' });
    expect(wa.status).toBe(200);
    await waitForExpr(
      page,
      `[...document.querySelectorAll('[data-testid=owner-log] [data-from=owner] .text')].some((e) => e.textContent === 'msaada')`,
      20_000,
    );
    await botSaid(wa.body.replies[0]!.text);
    await shot('owner-chat-1440');

    const v = await seriousAxeViolations(page);
    expect(v.map((x) => `${x.id}: ${x.help}`)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await botSaid('✅ Done: ➕ New staff member Njeri');
    await shot('owner-chat-390');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  }, 120_000);
});
