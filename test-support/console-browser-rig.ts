import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ConversationView } from '../contract';
import { customerThread, probeThread } from '../machines';
import type { Runtime, RuntimeOverrides } from '../runtime/app';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { buildDashboardForTests } from '../runtime/console/dashboard-build';
import { launchChromium, seriousAxeViolations, watchCsp, type AxeViolation } from './browser-kit';
import { getJson } from './console-test-kit';
import { createTestDatabase, type TestDatabase } from './test-database';
import { eventually, startTestRuntime } from './test-runtime';

export const CONSOLE_SHOTS = resolve(import.meta.dirname, '../test-results/console');
export const DESK = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** The real customer-thread machine for customers (the probe machine for admins). */
export const CUSTOMER_MACHINES: RuntimeOverrides = {
  machines: [customerThread],
  defaultMachines: { customer: customerThread.name, admin: probeThread.name },
};

/** A working weekday (Mon–Fri) 2 to 10 days ahead in Nairobi: the demo salon is open 08:00–19:00. */
export function workdayAhead(): string {
  for (let d = 2; d < 11; d++) {
    const day = new Date(Date.now() + d * 86_400_000 + 3 * 3_600_000).toISOString().slice(0, 10);
    const wd = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (wd >= 1 && wd <= 5 && !day.endsWith('-12-25')) return day;
  }
  throw new Error('no working day ahead');
}

export interface ConsoleServerOptions {
  /** Over `RATIBA_DEMO_TENANT` = the demo salon (with its catalog). */
  env?: Record<string, string>;
  /** Default: CUSTOMER_MACHINES. `{}` runs the runtime's own defaults. */
  overrides?: RuntimeOverrides;
  /** Pool size of the test database's own connection. */
  dbMax?: number;
}

/** The console's backend on port 0 over a fresh database: what the API tests need. */
export interface ConsoleServer {
  rt: Runtime;
  url: string;
  tdb: TestDatabase;
  /** The conversation view of a thread, as the console reads it. */
  conversation(thread: string): Promise<ConversationView>;
  /** Waits for the bot to say something matching `re` in the thread; returns that message. */
  botSaid(thread: string, re: RegExp): Promise<ConversationView['messages'][number]>;
  stop(): Promise<void>;
}

export async function startConsoleServer(opts: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  const tdb = await createTestDatabase(opts.dbMax ? { max: opts.dbMax } : {});
  const rt = await startTestRuntime(
    tdb.url,
    { RATIBA_DEMO_TENANT: DEMO_TENANT_FILE, ...opts.env },
    opts.overrides ?? CUSTOMER_MACHINES,
  );
  const url = rt.http.url;
  const conversation = async (thread: string) =>
    (await getJson(`${url}/api/tenants/demo/threads/${encodeURIComponent(thread)}/conversation`))
      .body as unknown as ConversationView;
  return {
    rt,
    url,
    tdb,
    conversation,
    botSaid: (thread, re) =>
      eventually(async () =>
        (await conversation(thread)).messages.find((m) => m.author === 'bot' && re.test(m.text)),
      ),
    async stop() {
      await rt.stop();
      await tdb.drop();
    },
  };
}

/** One console server for the enclosing describe: `ready` gets it once up; it stops after all. */
export function useConsoleServer(
  ready: (server: ConsoleServer) => void,
  opts: ConsoleServerOptions = {},
): void {
  let server: ConsoleServer | undefined;
  beforeAll(async () => {
    server = await startConsoleServer(opts);
    ready(server);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
}

/** A console in a real browser: the backend above, chromium, one page. */
export interface ConsoleRig extends ConsoleServer {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** CSP violations the page reported. */
  csp: string[];
  /** A full-page screenshot under test-results/console/<name>.png. */
  shot(name: string): Promise<Buffer>;
  /**
   * The page as it is now at both sizes: <name>-desktop.png (DESK) and <name>-phone.png (PHONE),
   * full page, and axe at each size (fails on serious or critical violations); the viewport is
   * put back afterwards.
   */
  shots(name: string): Promise<void>;
  /** Sets the demo tenant's languages (the first is the console's) and drops cached copies. */
  languages(langs: string[]): Promise<void>;
  /** Fails with axe's serious and critical violations, if any. */
  noSeriousA11y(): Promise<void>;
}

export async function startConsoleRig(
  opts: ConsoleServerOptions & {
    /** Chromium flags beyond the headless defaults. */
    chromiumArgs?: string[];
    context?: BrowserContextOptions;
  } = {},
): Promise<ConsoleRig> {
  buildDashboardForTests();
  mkdirSync(CONSOLE_SHOTS, { recursive: true });
  const server = await startConsoleServer(opts);
  const browser = await launchChromium(opts.chromiumArgs);
  const context = await browser.newContext({ viewport: DESK, ...opts.context });
  await context.grantPermissions(['notifications'], { origin: server.url });
  const page = await context.newPage();
  const csp = watchCsp(page);
  return {
    ...server,
    browser,
    context,
    page,
    csp,
    shot: (name) =>
      page.screenshot({ path: resolve(CONSOLE_SHOTS, `${name}.png`), fullPage: true }),
    shots: (name) => shotsAtBothSizes(page, name),
    async languages(langs) {
      await server.rt.db.query(`UPDATE public.tenants SET languages = $1 WHERE slug = 'demo'`, [
        langs,
      ]);
      server.rt.tenants.invalidate('demo');
    },
    noSeriousA11y: () => expectNoSeriousA11y(page),
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

/**
 * What `ConsoleRig.shots` does, for a page of any browser: <name>-desktop.png and
 * <name>-phone.png under test-results/console/, axe at each size; the viewport is put back.
 */
export async function shotsAtBothSizes(page: Page, name: string): Promise<void> {
  mkdirSync(CONSOLE_SHOTS, { recursive: true });
  const back = page.viewportSize();
  const found: string[] = [];
  for (const [size, viewport] of [
    ['desktop', DESK],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    // Two frames: what reacts to the size in script (not only CSS) has drawn.
    await page.evaluate(
      'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))',
    );
    await page.screenshot({ path: resolve(CONSOLE_SHOTS, `${name}-${size}.png`), fullPage: true });
    found.push(...(await seriousAxeViolations(page)).map((v) => `${size}: ${axeLine(v)}`));
  }
  if (back) await page.setViewportSize(back);
  expect(found, `axe on ${name}`).toEqual([]);
}

function axeLine(x: AxeViolation): string {
  return `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`;
}

export async function expectNoSeriousA11y(page: Page): Promise<void> {
  const v = await seriousAxeViolations(page);
  expect(v.map(axeLine)).toEqual([]);
}

/**
 * Picks `day` in a DatePicker the way an operator does: opens its month grid, pages to the month
 * with Page Up/Down, clicks the day; waits until the control shows it.
 */
export async function pickDay(page: Page, testid: string, day: string): Promise<void> {
  await page.click(`[data-testid=${testid}]`);
  const grid = `[data-testid=${testid}-grid]`;
  await page.waitForSelector(grid);
  const target = page.locator(`${grid} [data-day="${day}"]:not(.other)`);
  for (let i = 0; i < 36 && (await target.count()) === 0; i++) {
    const month = (await page.locator(`${grid} button[tabindex="0"]`).getAttribute('data-day'))!;
    await page.keyboard.press(month.slice(0, 7) < day.slice(0, 7) ? 'PageDown' : 'PageUp');
  }
  await target.click();
  await page.waitForSelector(`[data-testid=${testid}][data-value="${day}"]`);
}

/** True when `selector` matches something and none of it has its text cut off (ellipsis). */
export function textFits(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(
    `(() => { const els = [...document.querySelectorAll(${JSON.stringify(selector)})];
      return els.length > 0 && els.every((el) => el.scrollWidth <= el.clientWidth); })()`,
  );
}
