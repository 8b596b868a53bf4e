import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer, type FakeModelServer } from '../../adapters/llm/testing';
import { startFakeS3, type FakeS3 } from '../../adapters/storage/testing';
import { dayInZone, formatDayIso, WEEKDAY_NAMES } from '../../contract';
import { CHROMIUM } from '../../test-support/browser-kit';
import { simulate } from '../../test-support/test-runtime';
import {
  DESK,
  PHONE,
  startConsoleRig,
  startConsoleServer,
  type ConsoleRig,
} from '../../test-support/console-browser-rig';

/**
 * The console's price-list photo review (issue 15) in a real browser, against the real runtime,
 * a fake S3 and the fake Anthropic server through the real SDK: upload a photo -> the staged
 * draft as an editable table with a problem beside its row -> fix it, save -> apply -> the
 * catalog card shows the new prices. Without a model key: the plain "needs a model key" message,
 * and the CSV import still working.
 * Screenshots: test-results/console/42-price-list-draft-desktop.png, 43-...-phone.png.
 */
const PHOTO = join(import.meta.dirname, '../tenancy/fixtures/price-list.jpg');
const READING = {
  is_price_list: true,
  currency: 'KES',
  services: [
    { name: 'Haircut', name_sw: null, category: null, price: '1,000/=', duration: null },
    { name: 'Facial', name_sw: null, category: 'Skin', price: 'KES 2,500', duration: null },
  ],
};

describe.skipIf(!existsSync(CHROMIUM))('price-list photo drafts in the console', () => {
  let r: ConsoleRig;
  let s3: FakeS3;
  let model: FakeModelServer;
  let page: Page;
  const catalogRow = (name: string) =>
    page.locator('.catalog > table tbody tr', { has: page.locator(`td:text-is("${name}")`) });

  beforeAll(async () => {
    s3 = await startFakeS3();
    model = await startFakeAnthropicServer();
    r = await startConsoleRig({
      dbMax: 3,
      env: {
        S3_ENDPOINT: s3.url,
        S3_BUCKET: 'ratiba-assets',
        S3_ACCESS_KEY_ID: 'test-access-key',
        S3_SECRET_ACCESS_KEY: 'test-secret-key',
        ANTHROPIC_API_KEY: 'sk-ant-fake',
        ANTHROPIC_BASE_URL: model.url,
      },
    });
    page = r.page;
  }, 240_000);

  afterAll(async () => {
    await r?.stop();
    await s3?.close();
    await model?.close();
  });

  it('uploads a photo, shows the draft with its problem, fixes it and applies it', async () => {
    model.answerWith(() => READING);
    await page.goto(`${r.url}/bookings`);
    await page.waitForSelector('[data-testid=price-list-photo]');
    expect(await catalogRow('Haircut').locator('td').nth(2).innerText()).toBe('KES 800');
    await page.setInputFiles('[data-testid=price-list-file]', PHOTO);
    const rows = page.locator('[data-testid=draft-row]');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.locator('[data-testid=draft-name]').nth(1).inputValue()).toBe('Facial');
    expect(await page.locator('[data-testid=draft-price]').nth(0).inputValue()).toBe('1,000/=');
    // The new service has no duration: the problem is shown beside its row, Apply is disabled.
    const problems = page.locator('[data-testid=draft-problems]');
    expect(await problems.nth(0).innerText()).toBe('');
    expect(await problems.nth(1).innerText()).toMatch(/no duration for this new service/);
    expect(await page.getAttribute('[data-testid=draft-duration] >> nth=1', 'aria-invalid')).toBe(
      'true',
    );
    expect(await page.isDisabled('[data-testid=draft-apply]')).toBe(true);
    await page.waitForSelector('[data-testid=draft-photo]');
    await r.noSeriousA11y();
    await page.locator('[data-testid=price-list-draft]').scrollIntoViewIfNeeded();
    await r.shots('42-price-list-draft');
    await page.setViewportSize(PHONE);
    await r.noSeriousA11y();
    // On a phone the draft's rows stack as cards: the page does not scroll sideways.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBe(PHONE.width);
    await page.setViewportSize(DESK);

    // Nothing is in the catalog yet; the owner fills in the duration and saves.
    expect(await catalogRow('Facial').count()).toBe(0);
    await page.fill('[data-testid=draft-duration] >> nth=1', '1h');
    expect(await page.isDisabled('[data-testid=draft-apply]')).toBe(true);
    await page.click('button:text-is("Save")');
    await page.locator('[data-testid=draft-apply]:enabled').waitFor();
    expect(await problems.nth(1).innerText()).toBe('');
    await page.click('[data-testid=draft-apply]');
    await page.waitForSelector('[data-testid=price-list-draft]', { state: 'detached' });
    await catalogRow('Facial').waitFor();
    expect((await catalogRow('Facial').locator('td').allInnerTexts()).slice(0, 3)).toEqual([
      'Facial',
      '60',
      'KES 2,500',
    ]);
    await catalogRow('Haircut').locator('td:text-is("KES 1,000")').waitFor();
    // Applied once: a reload lists no open drafts.
    await page.reload();
    await page.waitForSelector('[data-testid=price-list-photo]');
    await catalogRow('Facial').waitFor();
    expect(await page.locator('[data-testid=price-list-draft]').count()).toBe(0);
    expect(r.csp).toEqual([]);
  });

  it('writes dates in Swahili for a Swahili tenant: the bubbles and the draft title', async () => {
    model.answerWith(() => READING);
    await r.languages(['sw', 'en']);
    try {
      // The browser is en-US in Los Angeles: nothing may come from it.
      const la = await r.browser.newContext({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
      const p = await la.newPage();
      const today = formatDayIso(dayInZone(Date.now(), 'Africa/Nairobi'), 'sw', 'noYear');
      const swahiliDay = new RegExp(`^(${WEEKDAY_NAMES.sw.join('|')}) \\d+ \\w+`);
      expect(today).toMatch(swahiliDay);

      const s = await simulate(r.url, { from: '+254712500201', text: 'hello' });
      await r.botSaid(s.body.thread, /./);
      await p.goto(`${r.url}/?thread=${encodeURIComponent(s.body.thread)}`);
      await p.waitForSelector('[data-testid=chat] [data-author=bot]');
      expect((await p.textContent('[data-testid=chat-day]'))?.trim()).toBe(today);
      const said = p.locator('[data-testid=chat] [data-author=customer] [data-testid=said-at]');
      expect(await said.getAttribute('title')).toMatch(
        new RegExp(`^${today} \\d{4} \\d\\d:\\d\\d$`),
      );

      await p.goto(`${r.url}/bookings`);
      await p.setInputFiles('[data-testid=price-list-file]', PHOTO);
      const draft = p.locator('[data-testid=price-list-draft]');
      await draft.waitFor();
      expect(await draft.getAttribute('aria-label')).toMatch(
        new RegExp(`^Price list read ${today} \\d{4} \\d\\d:\\d\\d$`),
      );
      await p.click('[data-testid=price-list-draft] button:text-is("Discard")');
      await p.waitForSelector('[data-testid=price-list-draft]', { state: 'detached' });
      await la.close();
    } finally {
      await r.languages(['en', 'sw']);
    }
  });

  it('without a model key says plainly that reading a photo needs one', async () => {
    const bare = await startConsoleServer({ dbMax: 2 });
    try {
      const calls = model.calls.length;
      await page.goto(`${bare.url}/bookings`);
      await page.waitForSelector('[data-testid=price-list-photo]');
      await page.setInputFiles('[data-testid=price-list-file]', PHOTO);
      const alert = page.locator('[data-testid=price-list-error]');
      await alert.waitFor();
      expect(await alert.getAttribute('role')).toBe('alert');
      expect(await alert.innerText()).toMatch(/needs a model key \(ANTHROPIC_API_KEY/);
      expect(await page.locator('[data-testid=price-list-draft]').count()).toBe(0);
      expect(model.calls.length).toBe(calls);
      await r.noSeriousA11y();
      // The CSV import works without a key (its 200 and its 422 with problems by line).
      const csv = (text: string) => ({
        name: 'prices.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(text),
      });
      await page.setInputFiles(
        '[data-testid=catalog-file]',
        csv('Service,Duration,Price\nFacial,sixty,2500\n'),
      );
      await page.click('[data-testid=catalog-import] button:text-is("Preview")');
      await page
        .locator('[data-testid=catalog-import] li', { hasText: 'Line 2 (duration_min)' })
        .waitFor();
      await page.setInputFiles(
        '[data-testid=catalog-file]',
        csv('Service,Duration,Price\nHaircut,30,900\n'),
      );
      await page.click('[data-testid=catalog-import] button:text-is("Preview")');
      const summary = page.locator('[data-testid=catalog-import-summary]');
      await summary.waitFor();
      expect(await summary.innerText()).toMatch(/^Preview: 0 new, 1 changed/);
    } finally {
      await bare.stop();
    }
  });
});
