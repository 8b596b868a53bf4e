import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { simulate } from '../../test-support';
import { CHROMIUM, waitForExpr } from '../../test-support/browser-kit';
import { PHONE, startConsoleRig, type ConsoleRig } from '../../test-support/console-browser-rig';

/**
 * The console's "Owner chat" panel in a real browser: it talks to the demo owner's admin thread
 * (the same actor as their WhatsApp), renders the taps the actor offers as buttons that work,
 * and shows what the owner sends from WhatsApp live. Screenshots at desktop and phone sizes go
 * to test-results/console/.
 */
const OWNER = '+254700000001';
const BOT_TEXTS = `[...document.querySelectorAll('[data-testid=owner-log] [data-from=bot] .text')].map((e) => e.textContent)`;

describe.skipIf(!existsSync(CHROMIUM))('owner chat in the console', () => {
  let r: ConsoleRig;
  let rt: Runtime;
  let page: Page;
  let csp: string[] = [];

  beforeAll(async () => {
    // The runtime's own machines: the owner's admin thread is the real one.
    r = await startConsoleRig({ overrides: {} });
    ({ rt, page, csp } = r);
  }, 240_000);

  afterAll(async () => {
    await r?.stop();
  });

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
    await r.shots('owner-chat');

    await page.setViewportSize(PHONE);
    await page.reload();
    await botSaid('✅ Done: ➕ New staff member Njeri');
    await r.shots('owner-chat-reloaded');
    expect(csp).toEqual([]);
  }, 120_000);
});
