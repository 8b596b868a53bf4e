import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDarajaAdapter, DarajaError, type DarajaCredentials } from './index';
import { startFakeDarajaServer, type FakeDarajaServer } from './testing';

const creds: DarajaCredentials = {
  environment: 'sandbox',
  consumerKey: 'fake-consumer-key',
  consumerSecret: 'fake-consumer-secret',
  shortcode: '174379',
  passkey: 'fake-passkey',
  transactionType: 'CustomerPayBillOnline',
};

const push = {
  amountMinor: 40_000,
  phone: '+254708374149',
  callbackUrl: 'https://example.invalid/webhooks/daraja/tok',
  accountReference: 'Booking 101',
  description: 'Haircut deposit',
};

describe('Daraja client against the fake server', () => {
  let fake: FakeDarajaServer;
  let now = Date.UTC(2026, 10, 20, 9, 0, 0);
  const adapter = () => createDarajaAdapter({ baseUrl: fake.url, now: () => now });

  beforeEach(async () => {
    fake = await startFakeDarajaServer();
  });
  afterEach(() => fake.close());

  it('pushes with a valid password, EAT timestamp, whole shillings and 2547 phone', async () => {
    const d = adapter();
    const r = await d.stkPush(creds, push);
    expect(r).toMatchObject({ amountKes: 400, msisdn: '254708374149' });
    const body = fake.requests.at(-1)!.json as Record<string, unknown>;
    expect(body).toMatchObject({
      BusinessShortCode: 174379,
      Timestamp: '20261120120000',
      TransactionType: 'CustomerPayBillOnline',
      Amount: '400',
      PartyA: '254708374149',
      PartyB: '174379',
      PhoneNumber: '254708374149',
      AccountReference: 'Booking 101',
      TransactionDesc: 'Haircut depos',
    });
    expect(fake.pushes[0]!.checkoutRequestId).toBe(r.checkoutRequestId);
  });

  it('caches the token until shortly before it expires', async () => {
    const d = adapter();
    await d.stkPush(creds, push);
    await d.stkPush(creds, push);
    expect(fake.tokensIssued).toBe(1);
    now += 3599_000 - 30_000; // inside the 60 s margin
    await d.stkPush(creds, push);
    expect(fake.tokensIssued).toBe(2);
  });

  it('a refused token is renewed once and the call goes through', async () => {
    const d = adapter();
    await d.stkPush(creds, push);
    fake.revokeTokens();
    await d.stkPush(creds, push);
    expect(fake.tokensIssued).toBe(2);
    expect(fake.pushes).toHaveLength(2);
  });

  it('queries: being processed, then the outcome', async () => {
    const d = adapter();
    const r = await d.stkPush(creds, push);
    expect(await d.stkQuery(creds, r.checkoutRequestId)).toEqual({ state: 'processing' });
    fake.decide(r.checkoutRequestId, 1032);
    expect(await d.stkQuery(creds, r.checkoutRequestId)).toMatchObject({
      state: 'done',
      resultCode: 1032,
      outcome: 'cancelled_by_user',
    });
  });

  it('errors carry Daraja’s code; 4xx is final, 5xx and timeouts are retryable', async () => {
    const d = createDarajaAdapter({ baseUrl: fake.url, timeoutMs: 300 });
    fake.failNextPushes(1, {
      status: 400,
      json: { requestId: 'r1', errorCode: '400.002.02', errorMessage: 'Bad Request' },
    });
    const e1 = await d.stkPush(creds, push).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DarajaError);
    expect(e1).toMatchObject({ errorCode: '400.002.02', retryable: false, requestId: 'r1' });
    fake.failNextPushes(1, { status: 503, json: {} });
    expect(await d.stkPush(creds, push).catch((e: unknown) => e)).toMatchObject({
      retryable: true,
    });
    fake.failNextPushes(1, 'hang');
    expect(await d.stkPush(creds, push).catch((e: unknown) => e)).toMatchObject({
      retryable: true,
    });
  });

  it('refuses a phone that is not Kenyan mobile and wrong credentials, clearly', async () => {
    const d = adapter();
    await expect(d.stkPush(creds, { ...push, phone: '+255712345678' })).rejects.toThrow(
      /not a Kenyan mobile/,
    );
    await expect(d.stkPush({ ...creds, consumerSecret: 'nope' }, push)).rejects.toThrow(
      /400\.008\.01/,
    );
  });

  it('reverses a payment when the tenant has initiator credentials', async () => {
    const d = adapter();
    await expect(
      d.reverse(creds, {
        receipt: 'TLA1',
        amountMinor: 40_000,
        resultUrl: 'https://x.invalid/r',
        timeoutUrl: 'https://x.invalid/t',
        remarks: 'refund',
      }),
    ).rejects.toThrow(/no initiator/);
    const withInitiator = { ...creds, initiator: { name: 'api', securityCredential: 'enc' } };
    const r = await d.reverse(withInitiator, {
      receipt: 'TLA1',
      amountMinor: 40_000,
      resultUrl: 'https://x.invalid/r',
      timeoutUrl: 'https://x.invalid/t',
      remarks: 'refund',
    });
    expect(r.conversationId).toMatch(/^AG_/);
    expect(fake.reversals[0]).toMatchObject({
      CommandID: 'TransactionReversal',
      TransactionID: 'TLA1',
      Amount: '400',
      ReceiverParty: '174379',
    });
  });

  it('pays a refund back by B2C from the tenant’s B2C shortcode, in Daraja’s request shape', async () => {
    const d = adapter();
    const b2c = {
      originatorConversationId: 'ratiba-demo-R7',
      phone: '+254708374149',
      amountMinor: 40_050,
      resultUrl: 'https://x.invalid/b2c',
      timeoutUrl: 'https://x.invalid/b2c-timeout',
      remarks: 'Refund of booking 7',
    };
    await expect(d.b2c(creds, b2c)).rejects.toThrow(/no B2C shortcode/);
    const b2cCreds = {
      ...creds,
      initiator: { name: 'testapi', securityCredential: 'enc' },
      b2cShortcode: '600996',
    };
    await expect(d.b2c(b2cCreds, { ...b2c, phone: '+255712345678' })).rejects.toThrow(
      /not a Kenyan mobile/,
    );
    const r = await d.b2c(b2cCreds, b2c);
    expect(r).toMatchObject({ originatorConversationId: 'ratiba-demo-R7' });
    expect(r.conversationId).toMatch(/^AG_/);
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe('/mpesa/b2c/v3/paymentrequest');
    // Every field of Safaricom's documented request, and no other.
    const documented = JSON.parse(
      readFileSync(new URL('./fixtures/b2c-request.json', import.meta.url), 'utf8'),
    ) as { body: Record<string, unknown> };
    expect(Object.keys(sent.json as object).sort()).toEqual(Object.keys(documented.body).sort());
    expect(sent.json).toMatchObject({
      OriginatorConversationID: 'ratiba-demo-R7',
      InitiatorName: 'testapi',
      SecurityCredential: 'enc',
      CommandID: 'BusinessPayment',
      Amount: '401',
      PartyA: '600996',
      PartyB: '254708374149',
      ResultURL: 'https://x.invalid/b2c',
      QueueTimeOutURL: 'https://x.invalid/b2c-timeout',
    });
    expect(fake.b2cPayments).toHaveLength(1);
  });
});
