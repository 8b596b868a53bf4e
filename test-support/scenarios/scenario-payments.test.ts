import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './scenario-loader';
import { ScenarioPayments, withFakeCredentials } from './scenario-payments';

/**
 * The scenarios' fake providers speak the real formats: what the fake Daraja posts to our webhook
 * has the shape of Safaricom's callbacks (test-support/fixtures/daraja, copied from the shared
 * fixtures), for each outcome a scenario's `mpesa:` turn can choose.
 */
const fixture = (path: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'test-support/fixtures', path), 'utf8')) as unknown;

/** The object's keys, recursively; an array's items by their `Name` when they have one. */
function shape(v: unknown): unknown {
  if (Array.isArray(v))
    return v.map((x) =>
      x && typeof x === 'object' && 'Name' in x ? (x as { Name: string }).Name : shape(x),
    );
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !k.startsWith('_'))
        .map(([k, x]) => [k, shape(x)]),
    );
  return typeof v;
}

describe('the scenario payment fakes', () => {
  let p: ScenarioPayments;
  beforeAll(async () => {
    p = await ScenarioPayments.start();
  });
  afterAll(async () => {
    await p?.close();
  });

  const push = () => ({
    checkoutRequestId: 'ws_CO_1',
    merchantRequestId: 'm-1',
    shortcode: '174379',
    amountKes: 400,
    msisdn: '254712000001',
    callbackUrl: 'http://127.0.0.1:1/x',
    accountReference: 'Booking 1',
    description: 'Salon',
    receipt: 'TLA1B2C3D4',
  });

  it.each([
    [0, 'daraja/callback-success-with-balance.json'],
    [1032, 'daraja/callback-1032-cancelled.json'],
    [2001, 'daraja/callback-2001-wrong-pin.json'],
    [1, 'daraja/callback-1-insufficient.json'],
  ])('an STK callback with result %i has the shape of %s', (code, file) => {
    const body = p.daraja.callbackBody(push(), code);
    const real = fixture(file) as { Body: { stkCallback: { ResultCode: number } } };
    expect(shape(body)).toEqual(shape(real));
    expect((body.Body as typeof real.Body).stkCallback.ResultCode).toBe(
      real.Body.stkCallback.ResultCode,
    );
  });

  it('gives a tenant that turns a provider on the fakes’ credentials, keeping its own', () => {
    const doc = withFakeCredentials({
      payments: { mpesa: { enabled: true, shortcode: '600000' }, pesapal: { enabled: false } },
    }) as { payments: { mpesa: Record<string, unknown>; pesapal: Record<string, unknown> } };
    expect(doc.payments.mpesa).toMatchObject({
      enabled: true,
      shortcode: '600000',
      consumer_key: 'fake-consumer-key',
      passkey: 'fake-passkey',
    });
    expect(doc.payments.pesapal).toEqual({ enabled: false });
    const off = { payments: { mpesa: { enabled: false } } };
    expect(withFakeCredentials(off)).toBe(off);
  });

  it('routes every tenant’s Daraja and PesaPal to the fakes', () => {
    expect(p.env).toEqual({ DARAJA_BASE_URL: p.daraja.url, PESAPAL_BASE_URL: p.pesapal.url });
  });
});
