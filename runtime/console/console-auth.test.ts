import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerToken, developmentAuth, isLoopback, principalOf } from './console-auth';

const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('development mode', () => {
  it('answers loopback peers only (never trusting X-Forwarded-For)', async () => {
    const auth = developmentAuth();
    await expect(auth.authenticate(req('127.0.0.1'))).resolves.toMatchObject({ tenants: 'all' });
    await expect(auth.authenticate(req('::1'))).resolves.toBeTruthy();
    await expect(auth.authenticate(req('::ffff:127.0.0.1'))).resolves.toBeTruthy();
    await expect(
      auth.authenticate(req('10.0.0.5', { 'x-forwarded-for': '127.0.0.1' })),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(isLoopback(undefined)).toBe(false);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});

describe('tokens and principals', () => {
  it('reads the bearer token from the header or the WebSocket subprotocol, never the URL', () => {
    expect(bearerToken(req('', { authorization: 'Bearer abc.def.ghi' }))).toBe('abc.def.ghi');
    expect(bearerToken(req('', { 'sec-websocket-protocol': 'ratiba.v1, bearer.a.b.c' }))).toBe(
      'a.b.c',
    );
    expect(bearerToken(req('', { authorization: 'Basic eDp5' }))).toBeUndefined();
  });

  it('maps claims and roles to tenants; the platform role sees all', () => {
    expect(principalOf({ sub: 's', tenants: ['a'], tenant: 'b' }, 'p').tenants).toEqual(['a', 'b']);
    expect(
      principalOf({ sub: 's', realm_access: { roles: ['tenant:c', 'other'] } }, 'p').tenants,
    ).toEqual(['c']);
    expect(principalOf({ sub: 's', realm_access: { roles: ['p'] } }, 'p').tenants).toBe('all');
    expect(principalOf({ sub: 's', preferred_username: 'amina' }, 'p')).toMatchObject({
      name: 'amina',
      tenants: [],
    });
  });
});
