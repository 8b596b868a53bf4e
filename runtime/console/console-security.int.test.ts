import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleServer, type ConsoleServer } from '../../test-support/console-browser-rig';
import { capturingLogger, getJson, raw } from '../../test-support/console-test-kit';
import { PROBE_DEMO_TENANT_FILE, simulate } from '../../test-support/test-runtime';

const PROBE = { customer: 'probe-thread', admin: 'probe-thread' };

describe('console safe by default (issue 16)', () => {
  /** The console's backend with the probe machines and a log to read. */
  const start = (env: Record<string, string>, log: ReturnType<typeof capturingLogger>['log']) =>
    startConsoleServer({
      env: { RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE, ...env },
      overrides: { defaultMachines: PROBE, logger: log },
    });

  // Regression: with a real database and no identity provider, "development mode" served every
  // conversation to whoever reached the port through a same-host proxy or tunnel.
  it('a real database without login refuses the console and its API, not the rest', async () => {
    const { log, lines } = capturingLogger();
    const server = await start({ RATIBA_CONSOLE_WITHOUT_LOGIN: '' }, log);
    try {
      const { url } = server;
      const info = await getJson(`${url}/api/console`);
      expect(info.status).toBe(403);
      expect(String(info.body.message)).toMatch(/KEYCLOAK_URL.*RATIBA_CONSOLE_WITHOUT_LOGIN/);
      expect((await getJson(`${url}/api/tenants/demo/threads?reveal=1`)).status).toBe(403);
      const page = await raw(url, { path: '/', headers: { accept: 'text/html' } });
      expect(page.status).toBe(403);
      expect(page.body).toMatch(/console is off/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // The simulator was switched on explicitly (RATIBA_SIMULATOR=1) and still answers.
      expect((await simulate(url, { from: '+254711900001', text: 'hi' })).status).toBe(200);
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'console refused' }));
    } finally {
      await server.stop();
    }
  });

  describe('opted out (RATIBA_CONSOLE_WITHOUT_LOGIN=1), with a metrics token', () => {
    let server: ConsoleServer;
    let url: string;
    let thread: string;
    const { log, lines } = capturingLogger();
    const token = 'metrics-token-0123456789';
    beforeAll(async () => {
      server = await start({ RATIBA_METRICS_TOKEN: token }, log);
      url = server.url;
      thread = String((await simulate(url, { from: '+254711900002', text: 'hi' })).body.thread);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('says so loudly in the log and the banner', async () => {
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 40, variable: 'RATIBA_CONSOLE_WITHOUT_LOGIN' }),
      );
      const info = await getJson(`${url}/api/console`);
      expect(String(info.body.banner)).toMatch(/NO LOGIN.*RATIBA_CONSOLE_WITHOUT_LOGIN/);
    });

    it('refuses a request forwarded by a proxy or naming another host', async () => {
      const path = '/api/tenants/demo/threads';
      const local = await raw(url, { path, headers: { host: 'localhost' } });
      expect(local.status).toBe(200);
      const proxied = await raw(url, {
        path,
        headers: { host: 'localhost', 'x-forwarded-for': '203.0.113.7' },
      });
      expect(proxied.status).toBe(403);
      expect(proxied.body).toMatch(/proxy/);
      const forwarded = await raw(url, { path, headers: { forwarded: 'for=203.0.113.7' } });
      expect(forwarded.status).toBe(403);
      const rebound = await raw(url, { path, headers: { host: 'salon.example.com' } });
      expect(rebound.status).toBe(403);
    });

    it('refuses cross-origin and non-JSON state changes; same-origin JSON is accepted', async () => {
      const path = `/api/tenants/demo/threads/${encodeURIComponent(thread)}/takeover`;
      const host = new URL(url).host;
      const json = { 'content-type': 'application/json' };
      const evil = await raw(url, {
        method: 'POST',
        path,
        headers: { ...json, origin: 'https://evil.example' },
        body: '{}',
      });
      expect(evil.status).toBe(403);
      const crossSite = await raw(url, {
        method: 'POST',
        path,
        headers: { ...json, 'sec-fetch-site': 'cross-site' },
        body: '{}',
      });
      expect(crossSite.status).toBe(403);
      // A bodyless POST, and a form post, are what a page on another site can send unasked.
      expect((await raw(url, { method: 'POST', path })).status).toBe(415);
      const form = await raw(url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'text/plain' },
        body: '{}',
      });
      expect(form.status).toBe(415);
      expect(
        (
          await raw(url, {
            method: 'POST',
            path: '/api/simulator/messages',
            headers: { origin: 'null', ...json },
            body: '{}',
          })
        ).status,
      ).toBe(403);
      const ok = await raw(url, {
        method: 'POST',
        path,
        headers: { ...json, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
        body: '{}',
      });
      expect(ok.status).toBe(202);
    });

    it('API answers carry a CSP that runs and frames nothing', async () => {
      const r = await getJson(`${url}/api/tenants`);
      expect(r.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('/metrics wants the bearer token', async () => {
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/# HELP/);
    });
  });
});
