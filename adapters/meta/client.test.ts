import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerRejection } from '../../test-support/provider-rejection';
import { createMetaAdapter, GraphError, type MetaAdapter } from './index';
import { startFakeMetaServer, type FakeMetaServer } from './testing';

const TOKEN = 'EAAP-page-token';
const PSID = '6543210987654321';
const account = { accessToken: TOKEN };

let fake: FakeMetaServer;
let messenger: MetaAdapter;

beforeAll(async () => {
  fake = await startFakeMetaServer({ accessToken: TOKEN });
  messenger = createMetaAdapter({ channel: 'messenger', graphUrl: `${fake.url}/`, timeoutMs: 300 });
});
afterAll(() => fake.close());

const hello = () => messenger.render(PSID, { kind: 'text', text: 'Hello' });

const failure = (promise: Promise<unknown>) => providerRejection(promise, GraphError);

describe('messenger send', () => {
  it('POSTs to me/messages with the page token and returns the mid', async () => {
    const before = fake.requests.length;
    const result = await messenger.send(account, hello());
    const request = fake.requests[before];
    expect(request?.path).toBe('/v23.0/me/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.json).toEqual({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: { text: 'Hello' },
    });
    expect(result).toMatchObject({ recipientId: PSID });
    expect(result.messageId).toMatch(/^m_FAKE/);
  });

  it('outside the 24-hour window (10 / 2018278) is final', async () => {
    fake.failNextSends(1, 'outside_window');
    const err = await failure(messenger.send(account, hello()));
    expect(err).toMatchObject({
      provider: 'messenger',
      graphCode: 10,
      graphSubcode: 2018278,
      reason: 'outside_window',
      retryable: false,
      requestId: 'AFakeMessengerTrace0001',
    });
  });

  it('rate limit (613) is retryable', async () => {
    fake.failNextSends(1, 'rate_limited');
    const err = await failure(messenger.send(account, hello()));
    expect(err).toMatchObject({ graphCode: 613, reason: 'rate_limited', retryable: true });
  });

  it('an unavailable person (551) is final', async () => {
    fake.failNextSends(1, 'unavailable');
    const err = await failure(messenger.send(account, hello()));
    expect(err).toMatchObject({ graphCode: 551, reason: 'undeliverable', retryable: false });
  });

  it('a 500 is retryable and the retry succeeds', async () => {
    fake.failNextSends(1, 'server_error');
    const err = await failure(messenger.send(account, hello()));
    expect(err).toMatchObject({ status: 500, retryable: true });
    await expect(messenger.send(account, hello())).resolves.toHaveProperty('messageId');
  });

  it('times out (retryable)', async () => {
    fake.failNextSends(1, 'hang');
    const err = await failure(messenger.send(account, hello()));
    expect(err).toMatchObject({ reason: 'timeout', retryable: true });
  });

  it('a bad token (190) is final', async () => {
    const err = await failure(messenger.send({ accessToken: 'nope' }, hello()));
    expect(err).toMatchObject({ graphCode: 190, status: 401, retryable: false });
  });

  it('marks the conversation seen', async () => {
    const before = fake.requests.length;
    await messenger.markRead(account, PSID);
    expect(fake.requests[before]?.json).toEqual({
      recipient: { id: PSID },
      sender_action: 'mark_seen',
    });
  });
});

describe('instagram send', () => {
  it('sends quick replies that the Instagram fake accepts', async () => {
    const ig = await startFakeMetaServer({ channel: 'instagram', accessToken: TOKEN });
    try {
      const adapter = createMetaAdapter({ channel: 'instagram', graphUrl: ig.url });
      const body = adapter.render('1234567890123456', {
        kind: 'buttons',
        text: 'Mombasa delivery takes 2 days. Order?',
        buttons: [
          { id: 'order', title: 'Order now' },
          { id: 'later', title: 'Later' },
        ],
      });
      await expect(adapter.send(account, body)).resolves.toHaveProperty('messageId');
      expect(ig.sends()[0]?.json).toMatchObject({ message: { quick_replies: [{}, {}] } });
    } finally {
      await ig.close();
    }
  });

  it('the Instagram fake refuses a button template, as the API does', async () => {
    const ig = await startFakeMetaServer({ channel: 'instagram' });
    try {
      const adapter = createMetaAdapter({ channel: 'instagram', graphUrl: ig.url });
      const template = createMetaAdapter({ channel: 'messenger' }).render(PSID, {
        kind: 'buttons',
        text: 'Order?',
        buttons: [{ id: 'order', title: 'Order now' }],
      });
      const err = await failure(adapter.send(account, template));
      expect(err).toMatchObject({ graphCode: 100, reason: 'invalid_request', retryable: false });
    } finally {
      await ig.close();
    }
  });
});

describe('createMetaAdapter', () => {
  it('defaults to Messenger on the public Graph URL', () => {
    expect(createMetaAdapter().options).toMatchObject({
      channel: 'messenger',
      graphUrl: 'https://graph.facebook.com',
    });
  });

  it('refuses a bad version', () => {
    expect(() => createMetaAdapter({ apiVersion: 'latest' })).toThrow(/apiVersion/);
  });
});

describe('attachment download (voice notes)', () => {
  it('GETs the CDN URL without the page token and returns the bytes and type', async () => {
    const audio = Buffer.from('ftypM4A fake voice clip');
    const url = fake.addAttachment(audio, 'audio/mp4');
    const before = fake.requests.length;
    const got = await messenger.fetchAttachment(url);
    expect(got.bytes.equals(audio)).toBe(true);
    expect(got.mimeType).toBe('audio/mp4');
    const request = fake.requests[before]!;
    expect(request.method).toBe('GET');
    expect(request.headers.authorization).toBeUndefined();
  });

  it('an expired link (404) is final; too large is refused; a bad URL is refused', async () => {
    const url = fake.addAttachment(Buffer.from('x'), 'audio/mp4');
    fake.expireNextDownloads(1);
    expect(await failure(messenger.fetchAttachment(url))).toMatchObject({
      status: 404,
      retryable: false,
    });
    const small = createMetaAdapter({ channel: 'messenger', maxAttachmentBytes: 4 });
    const big = fake.addAttachment(Buffer.alloc(100), 'audio/mp4');
    expect(await failure(small.fetchAttachment(big))).toMatchObject({
      reason: 'too_large',
      retryable: false,
    });
    expect(await failure(messenger.fetchAttachment('file:///etc/passwd'))).toMatchObject({
      reason: 'invalid_request',
      retryable: false,
    });
  });

  it('no answer in time is retryable', async () => {
    const closed = await startFakeMetaServer();
    const url = closed.addAttachment(Buffer.from('x'), 'audio/mp4');
    await closed.close();
    expect(await failure(messenger.fetchAttachment(url))).toMatchObject({ retryable: true });
  });
});
