import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { customerThread, probeThread } from '../machines';
import type { Runtime } from '../runtime/app';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { buildDashboardForTests } from '../runtime/console/dashboard-build';
import { launchChromium, seriousAxeViolations, watchCsp } from './browser-kit';
import { createTestDatabase, type TestDatabase } from './test-database';
import { startTestRuntime } from './test-runtime';

export const CONSOLE_SHOTS = resolve(import.meta.dirname, '../test-results/console');
export const DESK = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A working weekday (Mon–Fri) 2 to 10 days ahead in Nairobi: the demo salon is open 08:00–19:00. */
export function workdayAhead(): string {
  for (let d = 2; d < 11; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 3 * 3_600_000).toISOString().slice(0, 10);
    const wd = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (wd >= 1 && wd <= 5 && !day.endsWith('-12-25')) return day;
  }
  throw new Error('no working day ahead');
}

/** A console in a real browser: the demo tenant, the customer-thread machine, one page. */
export interface ConsoleRig {
  rt: Runtime;
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** CSP violations the page reported. */
  csp: string[];
  /** A full-page screenshot under test-results/console/<name>.png. */
  shot(name: string): Promise<Buffer>;
  /** Fails with axe's serious and critical violations, if any. */
  noSeriousA11y(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleRig(): Promise<ConsoleRig> {
  buildDashboardForTests();
  mkdirSync(CONSOLE_SHOTS, { recursive: true });
  const tdb: TestDatabase = await createTestDatabase();
  const rt = await startTestRuntime(
    tdb.url,
    { RATIBA_DEMO_TENANT: DEMO_TENANT_FILE },
    {
      machines: [customerThread],
      defaultMachines: { customer: customerThread.name, admin: probeThread.name },
    },
  );
  const url = rt.http.url;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: DESK });
  await context.grantPermissions(['notifications'], { origin: url });
  const page = await context.newPage();
  const csp = watchCsp(page);
  return {
    rt,
    url,
    browser,
    context,
    page,
    csp,
    shot: (name) =>
      page.screenshot({ path: resolve(CONSOLE_SHOTS, `${name}.png`), fullPage: true }),
    async noSeriousA11y() {
      const v = await seriousAxeViolations(page);
      expect(
        v.map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ).toEqual([]);
    },
    async stop() {
      await browser.close();
      await rt.stop();
      await tdb.drop();
    },
  };
}
