import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../contract/errors';
import { createWhatsAppAdapter, GraphError, type WhatsAppAdapter } from './index';
import { startFakeGraphServer, type FakeGraphServer } from './testing';

const TOKEN = 'EAAG-fake-tenant-token';
const account = { phoneNumberId: '100200300400500', accessToken: TOKEN };
const TO = '+254712000001';

let fake: FakeGraphServer;
let whatsapp: WhatsAppAdapter;

beforeAll(async () => {
  fake = await startFakeGraphServer({ accessToken: TOKEN });
  whatsapp = createWhatsAppAdapter({ graphUrl: fake.url, apiVersion: 'v23.0', timeoutMs: 300 });
});
afterAll(() => fake.close());

let seen = 0;
beforeEach(() => {
  seen = fake.requests.length;
});
const newRequests = () => fake.requests.slice(seen);

const text = (body: string) => whatsapp.render(TO, { kind: 'text', text: body });

async function sendError(promise: Promise<unknown>): Promise<GraphError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphError);
  expect(err).toBeInstanceOf(ProviderError);
  return err as GraphError;
}

describe('send', () => {
  it('POSTs the rendered body with the tenant token and returns the wamid', async () => {
    const body = text('Asante! Bei ya mbolea ni KES 3,500 kwa gunia la 50kg.');
    const result = await whatsapp.send(account, body);

    const [request] = newRequests();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v23.0/100200300400500/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/send-text-request.json', import.meta.url), 'utf8'),
    ) as { body: unknown };
    expect(request?.json).toEqual(fixture.body);

    expect(result.messageId).toMatch(/^wamid\./);
    expect(result.waId).toBe('254712000001');
    const second = await whatsapp.send(account, body);
    expect(second.messageId).not.toBe(result.messageId);
  });

  it('returns the message status of a template send', async () => {
    const body = whatsapp.renderTemplate(TO, { name: 'order_followup', language: 'en' });
    await expect(whatsapp.send(account, body)).resolves.toMatchObject({
      messageStatus: 'accepted',
    });
  });

  it('131047 (outside the 24-hour window) is final, with the Graph code', async () => {
    fake.failNextSends(1, 'outside_window');
    const err = await sendError(whatsapp.send(account, text('Hi')));
    expect(err).toMatchObject({
      graphCode: 131047,
      reason: 'outside_window',
      retryable: false,
      status: 400,
      requestId: 'AFakeTraceId0123456789',
      provider: 'whatsapp',
      code: 'provider_error',
    });
    expect(err.details).toContain('24 hours');
  });

  it('130429 (throughput reached) is retryable although the HTTP status is 400', async () => {
    fake.failNextSends(1, 'rate_limited');
    const err = await sendError(whatsapp.send(account, text('Hi')));
    expect(err).toMatchObject({
      graphCode: 130429,
      graphSubcode: 2494055,
      reason: 'rate_limited',
      retryable: true,
      status: 400,
    });
  });

  it('131026 (undeliverable) is final', async () => {
    fake.failNextSends(1, 'undeliverable');
    const err = await sendError(whatsapp.send(account, text('Hi')));
    expect(err).toMatchObject({ graphCode: 131026, reason: 'undeliverable', retryable: false });
  });

  it('a 500 is retryable, and the retry succeeds', async () => {
    fake.failNextSends(1, 'server_error');
    const err = await sendError(whatsapp.send(account, text('Hi')));
    expect(err).toMatchObject({ status: 500, graphCode: 131000, retryable: true });
    await expect(whatsapp.send(account, text('Hi'))).resolves.toHaveProperty('messageId');
    expect(
      fake
        .sends()
        .slice(-2)
        .map((r) => r.json),
    ).toEqual([text('Hi'), text('Hi')]);
  });

  it.each([
    ['a bare 502 from a proxy', { status: 502 }, true, 'server'],
    ['a bare 429', { status: 429 }, true, 'rate_limited'],
    [
      'a 400 with an unknown code',
      { status: 400, json: { error: { code: 999999 } } },
      false,
      'invalid_request',
    ],
    ['a 503 with Retry-After', { status: 503, headers: { 'retry-after': '7' } }, true, 'server'],
  ])('%s', async (_, failure, retryable, reason) => {
    fake.failNextSends(1, failure);
    const err = await sendError(whatsapp.send(account, text('Hi')));
    expect(err).toMatchObject({ status: failure.status, retryable, reason });
    if ('headers' in failure) expect(err.retryAfterMs).toBe(7000);
  });

  it('times out (retryable) when the server does not answer', async () => {
    fake.failNextSends(1, 'hang');
    const started = Date.now();
    const err = await sendError(whatsapp.send(account, text('Hi')));
    expect(err).toMatchObject({ reason: 'timeout', retryable: true, status: undefined });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('an expired token (190) is final', async () => {
    const err = await sendError(whatsapp.send({ ...account, accessToken: 'expired' }, text('Hi')));
    expect(err).toMatchObject({ graphCode: 190, reason: 'auth', retryable: false, status: 401 });
  });

  it('the fake refuses a body over the limits like the API does (131009)', async () => {
    const body = text('Hi');
    if (body.type !== 'text') throw new Error('expected text');
    body.text.body = 'x'.repeat(4097);
    const err = await sendError(whatsapp.send(account, body));
    expect(err).toMatchObject({ graphCode: 131009, reason: 'invalid_request', retryable: false });
  });

  it('cannot reach a closed server: retryable network error', async () => {
    const closed = await startFakeGraphServer();
    await closed.close();
    const adapter = createWhatsAppAdapter({ graphUrl: closed.url, timeoutMs: 1000 });
    const err = await sendError(adapter.send(account, text('Hi')));
    expect(err).toMatchObject({ reason: 'network', retryable: true });
  });
});

describe('markRead', () => {
  it('POSTs status read for the message id', async () => {
    await whatsapp.markRead(account, 'wamid.IN1');
    const [request] = newRequests();
    expect(request?.path).toBe('/v23.0/100200300400500/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.json).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
    });
  });
});

describe('fetchMedia', () => {
  const voice = Buffer.from('OggS\0fake-opus-voice-note-bytes');

  it('looks the media up, then downloads it with the same token', async () => {
    const id = fake.addMedia({
      id: '1398765432109876',
      bytes: voice,
      mimeType: 'audio/ogg; codecs=opus',
    });
    const media = await whatsapp.fetchMedia(account, id);
    expect(media.bytes.equals(voice)).toBe(true);
    expect(media.mimeType).toBe('audio/ogg; codecs=opus');
    expect(media.integrity).toBe('verified');

    const [lookup, download] = newRequests();
    expect(lookup?.method).toBe('GET');
    expect(lookup?.path).toBe('/v23.0/1398765432109876');
    expect(lookup?.query).toEqual({ phone_number_id: '100200300400500' });
    expect(lookup?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(download?.path).toBe('/media-download/1398765432109876');
    expect(download?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(download?.headers.accept).not.toBe('application/json');
  });

  it('looks the URL up again once when the download answers 404 (expired URL)', async () => {
    const id = fake.addMedia({ bytes: voice, mimeType: 'audio/ogg' });
    fake.failNextDownloads(1);
    await expect(whatsapp.fetchMedia(account, id)).resolves.toHaveProperty('mimeType', 'audio/ogg');
    expect(newRequests().map((r) => r.path.split('/')[1])).toEqual([
      'v23.0',
      'media-download',
      'v23.0',
      'media-download',
    ]);
  });

  it('gives up after the second 404', async () => {
    const id = fake.addMedia({ bytes: voice, mimeType: 'audio/ogg' });
    fake.failNextDownloads(2);
    const err = await sendError(whatsapp.fetchMedia(account, id));
    expect(err).toMatchObject({ status: 404, retryable: false });
  });

  it('refuses media larger than maxMediaBytes', async () => {
    const small = createWhatsAppAdapter({ graphUrl: fake.url, maxMediaBytes: 16 });
    const id = fake.addMedia({ bytes: Buffer.alloc(64 * 1024, 1), mimeType: 'audio/ogg' });
    const err = await sendError(small.fetchMedia(account, id));
    expect(err).toMatchObject({ reason: 'too_large', retryable: false });
  });
});

describe('createWhatsAppAdapter', () => {
  it('uses the documented defaults', () => {
    expect(createWhatsAppAdapter().options).toMatchObject({
      graphUrl: 'https://graph.facebook.com',
      apiVersion: 'v23.0',
      appSecret: undefined,
    });
  });

  it.each([
    [{ graphUrl: 'not a url' }, /graphUrl/],
    [{ apiVersion: '23' }, /apiVersion/],
    [{ timeoutMs: 0 }, /timeoutMs/],
  ])('refuses bad options %o', (options, message) => {
    expect(() => createWhatsAppAdapter(options)).toThrow(message);
  });
});
