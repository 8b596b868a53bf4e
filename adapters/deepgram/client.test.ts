import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerRejection } from '../../test-support/provider-rejection';
import { createDeepgramAdapter, DeepgramApiError, listenParams, type DeepgramAdapter } from '.';
import { startFakeDeepgramServer, type FakeDeepgramServer } from './testing';

const KEY = 'dg-test-key';
const AUDIO = Buffer.from('OggS\u0000fake opus voice note');

let fake: FakeDeepgramServer;
let deepgram: DeepgramAdapter;

beforeAll(async () => {
  fake = await startFakeDeepgramServer({ apiKey: KEY });
  fake.addAudio(AUDIO, 'Hello, I would like to book a haircut tomorrow.');
  deepgram = createDeepgramAdapter({ apiKey: KEY, baseUrl: fake.url, timeoutMs: 1000 });
});
afterAll(() => fake?.close());

const failure = (p: Promise<unknown>) => providerRejection(p, DeepgramApiError);

describe('deepgram prerecorded transcription (real SDK against the fake)', () => {
  it('POSTs the bytes to /v1/listen with the token, content type and query, and reads the transcript', async () => {
    const before = fake.listens().length;
    const t = await deepgram.transcribe({
      audio: AUDIO,
      mimeType: 'audio/ogg; codecs=opus',
      languages: ['en', 'sw'],
    });
    expect(t.text).toBe('Hello, I would like to book a haircut tomorrow.');
    expect(t.language).toBe('en');
    expect(t.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const req = fake.listens()[before]!;
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(`Token ${KEY}`);
    expect(req.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(req.rawBody.equals(AUDIO)).toBe(true);
    expect(req.query).toEqual({ model: 'nova-3', smart_format: 'true', detect_language: 'true' });
  });

  it('one tenant language is sent as `language`; the model is configurable', async () => {
    const nova2 = createDeepgramAdapter({ apiKey: KEY, baseUrl: fake.url, model: 'nova-2' });
    const t = await nova2.transcribe({ audio: AUDIO, mimeType: 'audio/ogg', languages: ['sw'] });
    expect(t.language).toBe('sw');
    expect(fake.listens().at(-1)!.query).toEqual({
      model: 'nova-2',
      smart_format: 'true',
      language: 'sw',
    });
    expect(listenParams({ model: 'nova-3', smartFormat: false }, [])).toEqual({
      model: 'nova-3',
      smart_format: false,
    });
  });

  it('a wrong key is a final auth error (401), with the request id', async () => {
    const wrong = createDeepgramAdapter({ apiKey: 'nope', baseUrl: fake.url });
    const err = await failure(wrong.transcribe({ audio: AUDIO, mimeType: 'audio/ogg' }));
    expect(err).toMatchObject({ status: 401, reason: 'auth', retryable: false });
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.message).toMatch(/INVALID_AUTH/);
  });

  it('audio Deepgram cannot decode is a final bad request (400)', async () => {
    const err = await failure(
      deepgram.transcribe({ audio: Buffer.from('not audio'), mimeType: 'audio/ogg' }),
    );
    expect(err).toMatchObject({ status: 400, reason: 'bad_request', retryable: false });
    expect(err.message).toMatch(/corrupt or unsupported data/);
  });

  it('429 and 5xx are retryable, with Retry-After honoured; the SDK does not retry on its own', async () => {
    fake.failNext(1, {
      status: 429,
      json: { err_code: 'TOO_MANY_REQUESTS' },
      headers: { 'retry-after': '3' },
    });
    const before = fake.listens().length;
    const limited = await failure(deepgram.transcribe({ audio: AUDIO, mimeType: 'audio/ogg' }));
    expect(limited).toMatchObject({ status: 429, reason: 'rate_limited', retryable: true });
    expect(limited.retryAfterMs).toBe(3000);
    expect(fake.listens().length).toBe(before + 1);
    fake.failNext(1, 'server_error');
    const down = await failure(deepgram.transcribe({ audio: AUDIO, mimeType: 'audio/ogg' }));
    expect(down).toMatchObject({ status: 503, reason: 'server', retryable: true });
  });

  it('no answer within the deadline is a retryable timeout', async () => {
    const quick = createDeepgramAdapter({ apiKey: KEY, baseUrl: fake.url, timeoutMs: 200 });
    fake.failNext(1, 'hang');
    const err = await failure(quick.transcribe({ audio: AUDIO, mimeType: 'audio/ogg' }));
    expect(err).toMatchObject({ reason: 'timeout', retryable: true });
  });

  it('nothing listening is a retryable network error', async () => {
    const closed = await startFakeDeepgramServer({ apiKey: KEY });
    await closed.close();
    const gone = createDeepgramAdapter({ apiKey: KEY, baseUrl: closed.url });
    const err = await failure(gone.transcribe({ audio: AUDIO, mimeType: 'audio/ogg' }));
    expect(err).toMatchObject({ reason: 'network', retryable: true });
  });

  it('refuses a bad configuration with a clear error', () => {
    expect(() => createDeepgramAdapter({ apiKey: '' })).toThrow(/apiKey is empty/);
    expect(() => createDeepgramAdapter({ apiKey: KEY, baseUrl: 'ftp://x' })).toThrow(/baseUrl/);
    expect(() => createDeepgramAdapter({ apiKey: KEY, model: 'Nova 3!' })).toThrow(/model/);
  });
});
