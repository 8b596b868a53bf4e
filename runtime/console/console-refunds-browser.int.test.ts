import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, tenantSchema } from '../../contract';
import { CHROMIUM } from '../../test-support/browser-kit';
import {
  DESK,
  PHONE,
  startConsoleRig,
  type ConsoleRig,
} from '../../test-support/console-browser-rig';
import { simulate } from '../../test-support/test-runtime';
import { seedRefund, type SeededRefund } from '../../test-support/refund-seed';

const S = tenantSchema('demo');

/**
 * The console's refunds page (issue 13) in a real browser: open tasks on top with their booking
 * in the tenant's date format, "Mark done" asks first, then the row turns done without a reload.
 * Screenshots: test-results/console/40-refunds-*.png and 41-refunds-phone-reload-*.png.
 */
describe.skipIf(!existsSync(CHROMIUM))('the refunds page', () => {
  let r: ConsoleRig;
  let page: Page;
  let task: SeededRefund;
  let other: SeededRefund;

  beforeAll(async () => {
    // The runtime's own machines: the owner's thread understands "refund R2 done".
    r = await startConsoleRig({ dbMax: 2, overrides: {} });
    page = r.page;
    const db = r.tdb.db;
    // 10:00 in Nairobi on Tue 8 Dec 2026.
    const startMs = Date.parse('2026-12-08T07:00:00Z');
    await seedRefund(db, S, {
      phone: '+254708000501',
      name: 'Achieng',
      amountMinor: 60_000,
      startMs: startMs - 86_400_000,
      status: 'done',
      method: 'reversal',
    });
    task = await seedRefund(db, S, {
      phone: '+254708000502',
      amountMinor: 40_000,
      startMs,
      status: 'manual',
      reason: 'No M-Pesa initiator credentials: refund by hand',
    });
    other = await seedRefund(db, S, {
      phone: '+254708000503',
      name: 'Wanjiku',
      amountMinor: 150_000,
      startMs: startMs + 3_600_000,
      status: 'manual',
      reason: 'B2C answer lost',
    });
  }, 240_000);

  afterAll(async () => {
    await r?.stop();
  });

  const refs = async () =>
    Promise.all(
      (await page.locator('[data-testid=refund-row]').all()).map((l) => l.getAttribute('data-ref')),
    );
  const statusOf = (ref: string) =>
    page.locator(`[data-ref=${ref}] [data-testid=refund-status]`).innerText();

  it('lists open tasks on top and marks one done after a confirm', async () => {
    await page.setViewportSize(DESK);
    await page.goto(`${r.url}/refunds`);
    await page.getByRole('link', { name: 'Refunds' }).waitFor();
    await page.waitForSelector('[data-testid=refund-row]');
    const order = await refs();
    expect(order.slice(0, 2)).toEqual([`R${other.id}`, `R${task.id}`]);
    expect(order).toHaveLength(3);
    const row = page.locator(`[data-ref=R${task.id}]`);
    const text = await row.innerText();
    expect(text).toContain('KES 400');
    expect(text).toContain('Tue 8 Dec 2026 10:00');
    expect(text).not.toContain('708000502');
    expect(text).toContain('No M-Pesa initiator credentials');
    expect(await page.getByTestId('refunds-summary').innerText()).toContain('2 refund tasks');
    await r.shots('40-refunds');

    await row.getByTestId('refund-done').click();
    expect(await statusOf(`R${task.id}`)).toBe('To do'); // nothing happens before confirm
    await row.getByTestId('refund-note').fill('Till ref QX12');
    await r.noSeriousA11y();
    await row.getByTestId('refund-confirm').click();
    await page.getByTestId('refunds-notice').getByText(`R${task.id} marked done.`).waitFor();
    await row.getByTestId('refund-status').getByText('Done', { exact: true }).waitFor();
    expect(await row.getByTestId('refund-done').count()).toBe(0);
    // The page showed the reason only, not the reference the operator just wrote (issue 13).
    await row.getByTestId('refund-done-note').getByText('Done: Till ref QX12').waitFor();
    expect(await row.innerText()).toContain('No M-Pesa initiator credentials');
    expect(await page.getByTestId('refunds-summary').innerText()).toContain('1 refund task ');
    const audit = await r.tdb.db.query<{ after: { note: string } }>(
      `SELECT after FROM ${ident(S)}.admin_audit WHERE action = 'refund_done' AND target = $1`,
      [`R${task.id}`],
    );
    expect(audit.rows.map((a) => a.after.note)).toEqual(['Till ref QX12']);
  });

  it('refreshes live when the owner closes a task from WhatsApp', async () => {
    await page.goto(`${r.url}/refunds`);
    const row = page.locator(`[data-ref=R${other.id}]`);
    await row.getByTestId('refund-status').getByText('To do', { exact: true }).waitFor();
    const sent = await simulate(r.url, { from: '+254700000001', text: `refund R${other.id} done` });
    expect(sent.status).toBe(200);
    await row.getByTestId('refund-status').getByText('Done', { exact: true }).waitFor();
    expect(await page.getByTestId('refunds-summary').innerText()).toContain('No refund tasks open');
  });

  it('reads on a phone', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${r.url}/refunds`);
    await page.waitForSelector('[data-testid=refund-row]');
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await r.shots('41-refunds-phone-reload');
  });
});
