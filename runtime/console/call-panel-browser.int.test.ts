import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, waitForExpr, watchCsp } from '../../test-support/browser-kit';
import { startChannelEnv, type ChannelEnv } from '../../test-support/channel-test-kit';
import { shotsAtBothSizes } from '../../test-support/console-browser-rig';
import { callerSpeech, encodeWav } from '../../voice';
import { buildDashboardForTests } from './dashboard-build';

/**
 * The console's "call as a customer" panel in a real browser: dial, a typed utterance, a spoken
 * one through the (fake) microphone, the agent's audio played, the call live in Conversations as
 * a `voice` thread, hang-up. Screenshots at 1440x900 and 390x844 (axe at each) go to
 * test-results/console/call-*.png.
 */
const haveChromium = existsSync(CHROMIUM);
const PLAYED = `Number(document.querySelector('[data-testid=call-panel]')?.getAttribute('data-played') ?? 0)`;

describe.skipIf(!haveChromium)('console call panel in a browser', () => {
  let env: ChannelEnv;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    buildDashboardForTests();
    env = await startChannelEnv();
    // The microphone is a recording of a caller saying "number one" (played once).
    dir = mkdtempSync(join(tmpdir(), 'ratiba-mic-'));
    const mic = join(dir, 'mic.wav');
    writeFileSync(mic, encodeWav(await callerSpeech('number one')));
    browser = await launchChromium([
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${mic}%noloop`,
    ]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(width: number, height: number): Promise<{ page: Page; csp: string[] }> {
    const page = await browser.newPage({ viewport: { width, height } });
    const csp = watchCsp(page);
    await page.goto(`${env.rt.http.url}/call`);
    await page.waitForSelector('[data-testid=call-dial]');
    return { page, csp };
  }

  it('calls, talks by text and by microphone, hears the replies, shows live, hangs up', async () => {
    const { page, csp } = await open(1440, 900);
    await page.fill('[data-testid=call-phone]', '+254712800001');
    await page.click('[data-testid=call-dial]');
    await page.waitForSelector('[data-testid=call-log] li.agent', { timeout: 20_000 });
    await waitForExpr(page, `${PLAYED} >= 1`, 20_000);

    await page.fill('[data-testid=call-text]', 'I want a haircut');
    await page.click('[data-testid=call-say]');
    await page.waitForSelector('[data-testid=call-log] li.agent >> text=Say one for Wanjiku', {
      timeout: 20_000,
    });
    await waitForExpr(page, `${PLAYED} >= 2`, 30_000);
    await shotsAtBothSizes(page, 'call-01-typed');

    // The microphone: "number one" picks Wanjiku.
    await page.click('[data-testid=call-mic]');
    await page.waitForSelector('[data-testid=call-mic][aria-pressed=true]');
    await new Promise((r) => setTimeout(r, 2_500)); // the recording's length, not a wait for state
    await page.click('[data-testid=call-mic]');
    await page.waitForSelector('[data-testid=call-log] li.caller >> text=(choice 1)', {
      timeout: 30_000,
    });
    await page.waitForSelector('[data-testid=call-say]:has-text("Say")');
    await shotsAtBothSizes(page, 'call-02-spoken');

    // Live in Conversations: the caller's thread on channel voice, the call in its chat.
    const live = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await live.goto(env.rt.http.url);
    const row = '[data-testid=thread-list] .row:has-text("· voice")';
    await live.waitForSelector(row, { timeout: 15_000 });
    await live.click(`${row} >> nth=0`);
    await live.waitForSelector('[data-testid=chat] >> text=I want a haircut', { timeout: 15_000 });
    await shotsAtBothSizes(live, 'call-03-live');
    await live.close();

    await page.click('[data-testid=call-hangup]');
    await page.waitForSelector('[data-testid=call-dial]');
    expect(csp).toEqual([]);
    await page.close();
  }, 180_000);

  it('fits a phone screen and passes axe there', async () => {
    const { page } = await open(390, 844);
    await page.fill('[data-testid=call-phone]', '+254712800002');
    await page.selectOption('[data-testid=call-language]', 'sw');
    await page.click('[data-testid=call-dial]');
    await page.waitForSelector('[data-testid=call-log] li.agent', { timeout: 20_000 });
    await page.fill('[data-testid=call-text]', 'Nataka kunyoa nywele');
    await page.click('[data-testid=call-say]');
    await page.waitForSelector('[data-testid=call-log] li.agent >> text=Sema moja', {
      timeout: 20_000,
    });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shotsAtBothSizes(page, 'call-04-swahili');
    await page.click('[data-testid=call-hangup]');
    await page.waitForSelector('[data-testid=call-dial]');
    await page.close();
  }, 120_000);
});
