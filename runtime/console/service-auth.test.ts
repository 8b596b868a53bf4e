import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { developmentAuth } from './console-auth';
import { SERVICE_PRINCIPAL, withServiceToken } from './service-auth';

const TOKEN = 'a-shared-secret-of-at-least-32-characters';

/** A request from `address` with `authorization` (as Node gives it to a route). */
const request = (address: string, authorization?: string) =>
  ({
    headers: { host: 'runtime:3000', ...(authorization ? { authorization } : {}) },
    socket: { remoteAddress: address },
  }) as unknown as IncomingMessage;

describe('withServiceToken', () => {
  // The voice worker runs on another host: development mode refuses it without the token.
  const auth = withServiceToken(developmentAuth(), TOKEN);

  it('admits a bridge on another host that bears the service token', async () => {
    await expect(auth.authenticate(request('10.0.0.7', `Bearer ${TOKEN}`))).resolves.toEqual(
      SERVICE_PRINCIPAL,
    );
  });

  it('refuses it without the token, or with another one, as the console would', async () => {
    await expect(auth.authenticate(request('10.0.0.7'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      auth.authenticate(request('10.0.0.7', `Bearer ${TOKEN.slice(1)}x`)),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('without a configured token is the console authentication itself', () => {
    const console = developmentAuth();
    expect(withServiceToken(console, undefined)).toBe(console);
  });
});
