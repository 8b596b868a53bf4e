import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakePesapalServer,
  type FakePesapalServer,
} from '../../test-support/fake-pesapal-server';
import {
  startRecordingServer,
  stripNotes,
  type RecordingServer,
} from '../whatsapp/testing/recording-server';
import { createPesapalAdapter, ipnAck, PesapalError, type PesapalCredentials } from './index';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

const creds: PesapalCredentials = {
  environment: 'sandbox',
  consumerKey: 'fake-pesapal-key',
  consumerSecret: 'fake-pesapal-secret',
};

/** An order for a booking, to be notified to `notificationId`. */
const order = (
  merchantRef: string,
  amountMinor: number,
  notificationId: string,
  description = `Booking ${merchantRef.split('-')[1]}`,
) => ({
  merchantRef,
  amountMinor,
  currency: 'KES' as const,
  description,
  callbackUrl: 'https://example.invalid/return',
  notificationId,
  phone: '+254712000001',
});

describe('PesaPal client against the fake server', () => {
  let fake: FakePesapalServer;
  let now = Date.now();
  const adapter = () => createPesapalAdapter({ baseUrl: fake.url, now: () => now });

  beforeEach(async () => {
    now = Date.now();
    fake = await startFakePesapalServer({ tokenLifetimeS: 300 });
  });
  afterEach(() => fake.close());

  it('registers an IPN, submits an order with the documented fields, reads its status', async () => {
    const p = adapter();
    const { ipnId } = await p.registerIpn(creds, 'https://example.invalid/ipn', 'GET');
    const submitted = await p.submitOrder(creds, order('demo-101-1', 370_000, ipnId));
    const sent = fake.requests.at(-1)!.json as Record<string, unknown>;
    const documented = stripNotes(fixture('submit-order-request').body) as Record<string, unknown>;
    expect(Object.keys(sent).sort()).toEqual(Object.keys(documented).sort());
    expect(Object.keys(sent.billing_address as object).sort()).toEqual(
      Object.keys(documented.billing_address as object).sort(),
    );
    expect(sent).toMatchObject({ id: 'demo-101-1', amount: 3700, currency: 'KES' });
    expect((sent.billing_address as Record<string, unknown>).phone_number).toBe('0712000001');
    const id = submitted.orderTrackingId;
    expect(submitted.redirectUrl).toContain(id);
    expect(await p.transactionStatus(creds, id)).toEqual({ state: 'pending' });
    fake.decide(id, 1);
    const paid = { state: 'completed', amountMinor: 370_000, merchantRef: 'demo-101-1' };
    expect(await p.transactionStatus(creds, id)).toMatchObject(paid);
  });

  it('caches the token until shortly before its expiry, then asks for a new one', async () => {
    const p = adapter();
    await p.registerIpn(creds, 'https://example.invalid/ipn', 'POST');
    await p.registerIpn(creds, 'https://example.invalid/ipn2', 'POST');
    expect(fake.tokensIssued).toBe(1);
    now += 5 * 60_000 - 10_000; // inside the 30 s margin
    await p.registerIpn(creds, 'https://example.invalid/ipn3', 'POST');
    expect(fake.tokensIssued).toBe(2);
  });

  it('refunds a completed payment once; a second refund is refused with a clear error', async () => {
    const p = adapter();
    const { ipnId } = await p.registerIpn(creds, 'https://example.invalid/ipn', 'POST');
    const o = await p.submitOrder(creds, order('demo-7-1', 100_000, ipnId));
    fake.decide(o.orderTrackingId, 1);
    const s = await p.transactionStatus(creds, o.orderTrackingId);
    if (s.state !== 'completed') throw new Error('not completed');
    const r = {
      confirmationCode: s.confirmationCode,
      amountMinor: 100_000,
      username: 'Ratiba',
      remarks: 'Booking 7 cancelled',
    };
    await p.refund(creds, r);
    expect(fake.refunds[0]).toMatchObject({ amount: '1000.00', username: 'Ratiba' });
    // Waiting for the merchant's approval: still COMPLETED; a second request is refused.
    expect(await p.transactionStatus(creds, o.orderTrackingId)).toMatchObject({
      state: 'completed',
    });
    const pending = await p.refund(creds, r).catch((e: unknown) => e);
    expect(pending).toMatchObject({ errorCode: 'duplicate_refund', retryable: false });
    await fake.approveRefund(o.orderTrackingId, false);
    expect(await p.transactionStatus(creds, o.orderTrackingId)).toMatchObject({
      state: 'reversed',
    });
    const err = await p.refund(creds, r).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PesapalError);
    expect((err as PesapalError).retryable).toBe(false);
  });

  it('refuses an order with an unregistered notification id (not retryable)', async () => {
    const p = adapter();
    const err = await p.submitOrder(creds, order('x-1', 1000, 'nope')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PesapalError);
    expect((err as PesapalError).errorCode).toBe('invalid_notification_id');
    expect((err as PesapalError).retryable).toBe(false);
  });

  it('wrong consumer secret: a clear refusal', async () => {
    const p = adapter();
    const err = await p
      .registerIpn({ ...creds, consumerSecret: 'wrong' }, 'https://example.invalid/ipn', 'GET')
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/pesapal auth refused/);
  });
});

describe('PesaPal real-format answers', () => {
  let server: RecordingServer;
  let body: unknown;
  beforeEach(async () => {
    server = await startRecordingServer((req) =>
      req.path === '/api/Auth/RequestToken'
        ? {
            status: 200,
            json: {
              ...fixture('auth-response'),
              expiryDate: new Date(Date.now() + 300_000).toISOString(),
            },
          }
        : { status: 200, json: body },
    );
  });
  afterEach(() => server.close());
  const status = () =>
    createPesapalAdapter({ baseUrl: server.url }).transactionStatus(
      creds,
      'b945e4af-80a5-4ec1-8706-e03f8332fb04',
    );

  it('reads the documented completed, failed and the observed pending answers', async () => {
    body = stripNotes(fixture('transaction-status-completed'));
    expect(await status()).toEqual({
      state: 'completed',
      confirmationCode: '6513008693186320103009',
      amountMinor: 370_000,
      currency: 'KES',
      merchantRef: 'ORDER-A1042-01',
      method: 'Visa',
    });
    body = stripNotes(fixture('transaction-status-failed'));
    expect(await status()).toMatchObject({ state: 'failed' });
    body = stripNotes(fixture('transaction-status-pending'));
    expect(await status()).toEqual({ state: 'pending' });
  });
});

describe('PesaPal IPN', () => {
  const p = createPesapalAdapter();
  it('parses the POST body and the GET query of the real notification, and acks it', () => {
    const raw = JSON.stringify(stripNotes(fixture('ipn-notification')));
    const post = p.parseIpn(Buffer.from(raw));
    expect(post).toEqual({
      ok: true,
      ipn: {
        orderTrackingId: 'b945e4af-80a5-4ec1-8706-e03f8332fb04',
        merchantRef: 'ORDER-A1042-01',
        notificationType: 'IPNCHANGE',
      },
    });
    const get = p.parseIpn(stripNotes(fixture('ipn-notification')) as Record<string, unknown>);
    expect(get).toEqual(post);
    if (!post.ok) throw new Error('unparsed');
    expect(ipnAck(post.ipn, 200)).toEqual(fixture('ipn-ack-response'));
  });

  it('rejects a notification without a tracking id, with the field named', () => {
    const r = p.parseIpn('{"OrderNotificationType":"IPNCHANGE","OrderMerchantReference":"x"}');
    expect(r).toMatchObject({ ok: false, reason: 'bad_shape' });
    expect(!r.ok && r.detail).toMatch(/OrderTrackingId/);
    expect(p.parseIpn('not json')).toMatchObject({ ok: false, reason: 'not_json' });
  });
});
