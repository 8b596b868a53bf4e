import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Test helpers of the console's browser tests (not part of the public surface). */
export const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium, headless; `extraArgs` add flags (a fake microphone, autoplay). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      ...extraArgs,
    ],
  });
}

/**
 * Waits until a browser-side expression is truthy, polling from Node. (`page.waitForFunction`
 * with a string compiles it in the page, which the console's Content-Security-Policy forbids, as
 * it should; the tests run with the policy on so they catch anything the policy would break.)
 */
export async function waitForExpr(page: Page, expr: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate<boolean>(`Boolean(${expr})`)) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Collects Content-Security-Policy violations the page reports. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = (() => {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
})();

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) in the page and returns the serious and critical
 * violations. axe is injected through the DevTools protocol, which the page's CSP does not
 * govern.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const json = await page.evaluate<string>(`
    (async () => {
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return JSON.stringify(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target })),
      })));
    })()`);
  const all = JSON.parse(json) as AxeViolation[];
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One finger on a touch screen (the page's context needs `hasTouch`). */
export interface Finger {
  down(x: number, y: number): Promise<void>;
  /** Moves in `steps` touchmove events from where the finger is. */
  move(x: number, y: number, steps?: number): Promise<void>;
  up(): Promise<void>;
}

/**
 * A finger driven through the DevTools protocol's touch events: chromium turns them into touch
 * and pointer events (`pointerType: 'touch'`) and applies `touch-action`, so a drag the page does
 * not claim becomes a scroll and a `pointercancel`, as on a phone.
 */
export async function finger(page: Page): Promise<Finger> {
  const cdp = await page.context().newCDPSession(page);
  let at = { x: 0, y: 0 };
  const touch = (
    type: 'touchStart' | 'touchMove' | 'touchEnd',
    points: { x: number; y: number }[],
  ) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  return {
    async down(x, y) {
      at = { x, y };
      await touch('touchStart', [at]);
    },
    async move(x, y, steps = 1) {
      const from = at;
      for (let i = 1; i <= steps; i++) {
        at = { x: from.x + ((x - from.x) * i) / steps, y: from.y + ((y - from.y) * i) / steps };
        await touch('touchMove', [at]);
      }
    },
    async up() {
      await touch('touchEnd', []);
    },
  };
}
