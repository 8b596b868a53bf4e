import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleAccess, notLocalReason } from './console-access';
import { developmentAuth } from './console-auth';
import { loadConfig } from '../config';
import { consoleCsp, inlineScriptHashes } from './console-guard';

const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('who may reach the console', () => {
  const kc = loadConfig({ KEYCLOAK_URL: 'https://id.example' }).keycloak;
  it('refuses a real database without login unless explicitly opted out', () => {
    expect(
      consoleAccess({ keycloak: undefined, databaseUrl: undefined, consoleWithoutLogin: false }),
    ).toEqual({ mode: 'development', optOut: false });
    expect(
      consoleAccess({
        keycloak: undefined,
        databaseUrl: 'postgres://x/y',
        consoleWithoutLogin: false,
      }),
    ).toMatchObject({ mode: 'refused', reason: expect.stringMatching(/KEYCLOAK_URL/) as unknown });
    expect(
      consoleAccess({
        keycloak: undefined,
        databaseUrl: 'postgres://x/y',
        consoleWithoutLogin: true,
      }),
    ).toEqual({ mode: 'development', optOut: true });
    expect(
      consoleAccess({ keycloak: kc, databaseUrl: 'postgres://x/y', consoleWithoutLogin: false }),
    ).toEqual({ mode: 'keycloak' });
  });

  // Regression (issue 16): behind a same-host reverse proxy or tunnel every request came from
  // 127.0.0.1, so development mode served everyone.
  it('a loopback request that came through a proxy or names another host is not local', async () => {
    expect(notLocalReason(req('127.0.0.1', { host: 'localhost:3000' }))).toBeUndefined();
    expect(notLocalReason(req('127.0.0.1', { host: '127.0.0.1:3000' }))).toBeUndefined();
    expect(notLocalReason(req('::1', { host: '[::1]:3000' }))).toBeUndefined();
    for (const h of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'cf-connecting-ip'])
      expect(notLocalReason(req('127.0.0.1', { host: 'localhost', [h]: '203.0.113.9' }))).toMatch(
        /proxy/,
      );
    expect(notLocalReason(req('127.0.0.1', { host: 'salon.trycloudflare.com' }))).toMatch(
      /not localhost/,
    );
    expect(notLocalReason(req('127.0.0.1', { host: 'localhost.evil.example' }))).toMatch(
      /not localhost/,
    );
    const auth = developmentAuth();
    await expect(
      auth.authenticate(req('127.0.0.1', { host: 'localhost', 'x-forwarded-for': '203.0.113.9' })),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      auth.authenticate(req('127.0.0.1', { host: 'localhost:1' })),
    ).resolves.toBeTruthy();
  });
});

describe('content security policy of the console page', () => {
  it('allows exactly the inline bootstrap scripts by hash, nothing else inline', () => {
    const boot = '\n  console.log("boot");\n';
    const html = `<html><head><script type="module" src="/_app/x.js"></script></head>
      <body><script>${boot}</script><script></script></body></html>`;
    const want = `'sha256-${createHash('sha256').update(boot).digest('base64')}'`;
    expect(inlineScriptHashes(html)).toEqual([want]);
    const csp = consoleCsp(html, 'https://id.example.com/auth/');
    expect(csp).toContain(`script-src 'self' ${want}`);
    expect(csp).not.toContain("unsafe-inline'; script");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://id.example.com");
    expect(consoleCsp(html, undefined)).toContain("connect-src 'self';");
  });
});
