import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, RatibaError } from '../../contract/errors';
import { interpretSendResponse } from './client';
import { createSmsAdapter, SmsError, type SmsAdapter } from './index';
import { atSendResponseSchema } from './schema';
import { startFakeAtServer, type FakeAtServer } from './testing';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const API_KEY = 'atsk_fake_key';
let fake: FakeAtServer;
let sms: SmsAdapter;

beforeAll(async () => {
  fake = await startFakeAtServer({ username: 'fixture_app', apiKey: API_KEY });
  sms = createSmsAdapter({
    baseUrl: fake.url,
    username: 'fixture_app',
    apiKey: API_KEY,
    senderId: 'FIXTURESHOP',
    timeoutMs: 300,
  });
});
afterAll(() => fake.close());

async function smsError(promise: Promise<unknown>): Promise<SmsError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsError);
  expect(err).toBeInstanceOf(ProviderError);
  return err as SmsError;
}

describe('fixture responses', () => {
  it('send-response.json: two recipients sent, cost in minor units', () => {
    const result = interpretSendResponse(atSendResponseSchema.parse(fixture('send-response.json')));
    expect(result).toEqual({
      summary: 'Sent to 2/2 Total Cost: KES 1.6000',
      recipients: [
        {
          number: '+254712000001',
          statusCode: 101,
          status: 'Success',
          ok: true,
          retryable: false,
          messageId: 'ATXid_0f1e2d3c4b5a69788796a5b4c3d2e1f0',
          cost: { currency: 'KES', amountMinor: 80, amount: '0.8000' },
          parts: 1,
        },
        {
          number: '+254722000002',
          statusCode: 101,
          status: 'Success',
          ok: true,
          retryable: false,
          messageId: 'ATXid_1a2b3c4d5e6f70819203a4b5c6d7e8f9',
          cost: { currency: 'KES', amountMinor: 80, amount: '0.8000' },
          parts: 1,
        },
      ],
      totalCost: [{ currency: 'KES', amountMinor: 160, amount: '1.60' }],
    });
  });

  it('send-response-insufficient-balance.json: a final error, no message id, no cost', () => {
    const data = atSendResponseSchema.parse(fixture('send-response-insufficient-balance.json'));
    let err: unknown;
    try {
      interpretSendResponse(data, 201);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SmsError);
    expect(err).toMatchObject({
      reason: 'insufficient_balance',
      atStatusCode: 405,
      retryable: false,
      status: 201,
      recipients: [{ number: '+254712000001', ok: false, statusCode: 405 }],
    });
    const [recipient] = (err as SmsError).recipients;
    expect(recipient?.messageId).toBeUndefined();
    expect(recipient?.cost).toBeUndefined();
  });
});

describe('send against the fake', () => {
  it('POSTs the form the SDK sends, with the apiKey header', async () => {
    const before = fake.requests.length;
    const result = await sms.send({
      to: ['+254712000001', '+254722000002'],
      message: 'Your order A1042 is ready for pickup.',
    });
    const request = fake.requests[before];
    const expected = fixture('send-request.json') as { form: Record<string, string> };
    expect(request?.path).toBe('/version1/messaging');
    expect(request?.headers.apikey).toBe(API_KEY);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.form).toEqual(expected.form);
    expect(result.recipients.map((r) => [r.number, r.ok])).toEqual([
      ['+254712000001', true],
      ['+254722000002', true],
    ]);
    expect(result.totalCost).toEqual([{ currency: 'KES', amountMinor: 160, amount: '1.60' }]);
    expect(result.recipients[0]?.messageId).toMatch(/^ATXid_/);
  });

  it('bills long Swahili reminders per part', async () => {
    const result = await sms.send({ to: '+254712000001', message: 'Kumbusho: '.repeat(20) });
    expect(result.recipients[0]).toMatchObject({ parts: 2, cost: { amountMinor: 160 } });
  });

  it('insufficient balance is a final error', async () => {
    fake.failNextSends(1, 'insufficient_balance');
    const err = await smsError(sms.send({ to: '+254712000001', message: 'Reminder' }));
    expect(err).toMatchObject({
      reason: 'insufficient_balance',
      atStatusCode: 405,
      retryable: false,
    });
  });

  it('a gateway error for every recipient is retryable', async () => {
    fake.failNextSends(1, 'gateway_error');
    const err = await smsError(sms.send({ to: '+254712000001', message: 'Reminder' }));
    expect(err).toMatchObject({ reason: 'gateway', atStatusCode: 500, retryable: true });
  });

  it('HTTP 500 is retryable, and the retry succeeds', async () => {
    fake.failNextSends(1, 'server_error');
    const err = await smsError(sms.send({ to: '+254712000001', message: 'Reminder' }));
    expect(err).toMatchObject({ status: 500, reason: 'server', retryable: true });
    await expect(sms.send({ to: '+254712000001', message: 'Reminder' })).resolves.toHaveProperty(
      'summary',
      'Sent to 1/1 Total Cost: KES 0.8000',
    );
  });

  it('times out (retryable)', async () => {
    fake.failNextSends(1, 'hang');
    const err = await smsError(sms.send({ to: '+254712000001', message: 'Reminder' }));
    expect(err).toMatchObject({ reason: 'timeout', retryable: true, status: undefined });
  });

  it('a wrong apiKey is a final auth error', async () => {
    const wrong = createSmsAdapter({ baseUrl: fake.url, username: 'fixture_app', apiKey: 'nope' });
    const err = await smsError(wrong.send({ to: '+254712000001', message: 'Reminder' }));
    expect(err).toMatchObject({ status: 401, reason: 'auth', retryable: false });
    expect(err.message).toContain('authentication is invalid');
  });

  it('a partial failure resolves with the failed recipient marked', async () => {
    fake.failNextSends(1, {
      status: 201,
      json: {
        SMSMessageData: {
          Message: 'Sent to 1/2 Total Cost: KES 0.8000',
          Recipients: [
            {
              statusCode: 101,
              number: '+254712000001',
              status: 'Success',
              cost: 'KES 0.8000',
              messageId: 'ATXid_1',
              messageParts: 1,
            },
            {
              statusCode: 406,
              number: '+254722000002',
              status: 'UserInBlacklist',
              cost: '0',
              messageId: 'None',
            },
          ],
        },
      },
    });
    const result = await sms.send({ to: ['+254712000001', '+254722000002'], message: 'Hi' });
    expect(result.recipients[1]).toMatchObject({ ok: false, reason: 'blocked', retryable: false });
  });

  it('refuses numbers that are not E.164 and a missing apiKey before any request', async () => {
    const before = fake.requests.length;
    await expect(sms.send({ to: '0712000001', message: 'Hi' })).rejects.toMatchObject({
      code: 'bad_request',
    });
    const unconfigured = createSmsAdapter({ baseUrl: fake.url });
    await expect(unconfigured.send({ to: '+254712000001', message: 'Hi' })).rejects.toBeInstanceOf(
      RatibaError,
    );
    expect(fake.requests.length).toBe(before);
  });

  it('defaults to the sandbox', () => {
    expect(createSmsAdapter().options).toMatchObject({
      baseUrl: 'https://api.sandbox.africastalking.com',
      username: 'sandbox',
    });
  });
});
