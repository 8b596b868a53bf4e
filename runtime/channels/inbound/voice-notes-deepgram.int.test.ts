import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeDeepgramServer,
  type FakeDeepgramServer,
} from '../../../adapters/deepgram/testing';
import type { RecordedRequest } from '../../../adapters/whatsapp/testing';
import { eventually } from '../../../test-support/test-runtime';
import {
  FB_TOKEN,
  IG_TOKEN,
  metaAudio,
  startChannelEnv,
  waText,
  waVoiceNote,
  type ChannelEnv,
} from '../../../test-support/channel-test-kit';

const DG_KEY = 'dg-test-key-123';
const MAX_ATTEMPTS = 3;

let dg: FakeDeepgramServer;
let env: ChannelEnv;
let n = 0;

beforeAll(async () => {
  dg = await startFakeDeepgramServer({ apiKey: DG_KEY });
  env = await startChannelEnv(
    (f) => f,
    {
      DEEPGRAM_API_KEY: DG_KEY,
      DEEPGRAM_URL: dg.url,
      RATIBA_OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    },
    { outboxBackoffBaseMs: 20 },
  );
});
afterAll(async () => {
  await env?.stop();
  await dg?.close();
});

type InboxMessage = { text: string; voiceNote?: boolean; media?: string; channel: string };

const inboxEvent = (eventId: string) =>
  eventually(async () => {
    const { rows } = await env.t.db.query<{ thread_key: string; event: InboxMessage }>(
      `SELECT thread_key, event FROM t_demo.inbox WHERE event_id = $1`,
      [eventId],
    );
    return rows[0];
  }, 20_000);

/**
 * The transcription effect once its outcome is recorded: the dispatcher records it after the
 * handler returns, i.e. just after the words reached the inbox, so it is waited for.
 */
const transcription = (key: string) =>
  eventually(async () => {
    const { rows } = await env.t.db.query<{
      status: string;
      attempts: number;
      result: { transcriber: string };
    }>(
      `SELECT status, attempts, result FROM t_demo.outbox
       WHERE idempotency_key = $1 AND status <> 'pending'`,
      [key],
    );
    return rows[0];
  });

/** Distinct bytes per test, taught to the fake Deepgram (or not, for the 400 case). */
function audio(transcript?: string): Buffer {
  const bytes = Buffer.from(`OggS fake opus voice note #${++n}`);
  if (transcript !== undefined) dg.addAudio(bytes, transcript);
  return bytes;
}

const listensOf = (bytes: Buffer) => dg.listens().filter((r) => r.rawBody.equals(bytes));

/** A WhatsApp voice note from `from`, its media served by the fake Graph API. */
async function sendWhatsAppVoiceNote(wamid: string, from: string, bytes: Buffer) {
  const mediaId = env.graph.addMedia({ bytes, mimeType: 'audio/ogg; codecs=opus' });
  const res = await env.post('/webhooks/whatsapp', waVoiceNote(wamid, from, mediaId));
  expect(res.status).toBe(200);
}

describe('voice notes through Deepgram (the real SDK against the fake)', () => {
  it('sends the audio to POST /v1/listen with the key, type and query; the words reach the thread', async () => {
    const bytes = audio('Hello, I would like to book a haircut tomorrow.');
    await sendWhatsAppVoiceNote('wamid.dg-1', '254712600001', bytes);
    const row = await inboxEvent('wa:wamid.dg-1');
    expect(row.event).toMatchObject({
      text: 'Hello, I would like to book a haircut tomorrow.',
      voiceNote: true,
      channel: 'whatsapp',
    });
    expect(row.event.media).toBeUndefined();
    const [req] = listensOf(bytes);
    expect(req).toBeDefined();
    const r = req!;
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/v1/listen');
    expect(r.headers.authorization).toBe(`Token ${DG_KEY}`);
    expect(r.headers['content-type']).toBe('audio/ogg; codecs=opus');
    // The demo tenant speaks English and Swahili: Deepgram detects which.
    expect(r.query).toEqual({ model: 'nova-3', smart_format: 'true', detect_language: 'true' });
    expect(await transcription('voice:wa:wamid.dg-1')).toMatchObject({
      status: 'done',
      attempts: 1,
      result: { transcriber: 'deepgram' },
    });
    // The thread understood it and answered on WhatsApp.
    await eventually(() =>
      Promise.resolve(
        env.graph
          .sends()
          .some((s: RecordedRequest) => (s.json as { to?: string }).to === '254712600001'),
      ),
    );
  });

  it('503 and 429 are retried by the outbox with backoff, then the transcript arrives', async () => {
    const bytes = audio('Nataka kunyoa nywele kesho');
    dg.failNext(1, 'server_error');
    dg.failNext(1, 'rate_limited');
    await sendWhatsAppVoiceNote('wamid.dg-2', '254712600002', bytes);
    const row = await inboxEvent('wa:wamid.dg-2');
    expect(row.event).toMatchObject({ text: 'Nataka kunyoa nywele kesho', voiceNote: true });
    expect(listensOf(bytes)).toHaveLength(3);
    expect(await transcription('voice:wa:wamid.dg-2')).toMatchObject({
      status: 'done',
      attempts: 3,
    });
  });

  it('when every attempt fails, the last one still delivers the voice note (without words)', async () => {
    const bytes = audio('never heard');
    dg.failNext(MAX_ATTEMPTS, 'server_error');
    await sendWhatsAppVoiceNote('wamid.dg-3', '254712600003', bytes);
    const row = await inboxEvent('wa:wamid.dg-3');
    expect(row.event).toMatchObject({ text: '', voiceNote: true, media: 'audio' });
    expect(listensOf(bytes)).toHaveLength(MAX_ATTEMPTS);
    expect(await transcription('voice:wa:wamid.dg-3')).toMatchObject({
      status: 'done',
      attempts: MAX_ATTEMPTS,
      result: { transcriber: 'none' },
    });
  });

  it('401 (a wrong key) is final: one request, and the thread gets the voice note at once', async () => {
    const bytes = audio('unheard');
    dg.failNext(1, 'unauthorized');
    await sendWhatsAppVoiceNote('wamid.dg-4', '254712600004', bytes);
    const row = await inboxEvent('wa:wamid.dg-4');
    expect(row.event).toMatchObject({ text: '', voiceNote: true, media: 'audio' });
    expect(listensOf(bytes)).toHaveLength(1);
    expect(await transcription('voice:wa:wamid.dg-4')).toMatchObject({
      status: 'done',
      attempts: 1,
    });
  });

  it('400 (audio Deepgram cannot decode) is final too', async () => {
    const bytes = audio(); // not taught: the fake answers 400 corrupt or unsupported data
    await sendWhatsAppVoiceNote('wamid.dg-5', '254712600005', bytes);
    const row = await inboxEvent('wa:wamid.dg-5');
    expect(row.event).toMatchObject({ text: '', voiceNote: true, media: 'audio' });
    expect(listensOf(bytes)).toHaveLength(1);
    expect(await transcription('voice:wa:wamid.dg-5')).toMatchObject({ attempts: 1 });
  });
});

describe('Instagram and Messenger voice notes', () => {
  it('an Instagram audio attachment is downloaded from its URL, transcribed, and marked seen', async () => {
    const bytes = audio('I want to book a massage on Friday');
    const url = env.instagram.addAttachment(bytes, 'audio/mp4');
    const res = await env.post(
      '/webhooks/instagram',
      metaAudio('instagram', 'ig.audio-1', 'ig-700', url),
    );
    expect(res.status).toBe(200);
    const row = await inboxEvent('ig:ig.audio-1');
    expect(row.event).toMatchObject({
      text: 'I want to book a massage on Friday',
      voiceNote: true,
      channel: 'instagram',
    });
    // Downloaded straight from the CDN URL, without the page token.
    const download = env.instagram.requests.find((r) => r.method === 'GET' && url.endsWith(r.path));
    expect(download?.headers.authorization).toBeUndefined();
    expect(listensOf(bytes)[0]?.headers['content-type']).toBe('audio/mp4');
    // Marked seen with the Instagram token, and answered on Instagram.
    const seen = await eventually(() =>
      Promise.resolve(
        env.instagram
          .senderActions()
          .find((r) => (r.json as { recipient: { id: string } }).recipient.id === 'ig-700'),
      ),
    );
    expect(seen.json).toEqual({ recipient: { id: 'ig-700' }, sender_action: 'mark_seen' });
    expect(seen.headers.authorization).toBe(`Bearer ${IG_TOKEN}`);
    await eventually(() =>
      Promise.resolve(
        env.instagram
          .sends()
          .some((r) => (r.json as { recipient: { id: string } }).recipient.id === 'ig-700'),
      ),
    );
  });

  it('a phone number spoken in an Instagram voice note merges the sender into that customer', async () => {
    const wa = await env.post('/webhooks/whatsapp', waText('wamid.vn-merge', '254712300077', 'hi'));
    expect(wa.status).toBe(200);
    const phoneThread = (await inboxEvent('wa:wamid.vn-merge')).thread_key;
    const url = env.instagram.addAttachment(audio('my number is 0712 300 077'), 'audio/mp4');
    await env.post('/webhooks/instagram', metaAudio('instagram', 'ig.vn-merge', 'ig-777', url));
    // The words arrive in the phone customer's conversation, where WhatsApp's already are.
    expect((await inboxEvent('ig:ig.vn-merge')).thread_key).toBe(phoneThread);
    const { rows } = await env.t.db.query<{ kind: string }>(
      `SELECT kind FROM t_demo.outbox
       WHERE idempotency_key IN ('ig-seen:ig.vn-merge', 'voice:ig:ig.vn-merge') ORDER BY id`,
    );
    // Its receipt was written with its transcription, and goes first.
    expect(rows.map((r) => r.kind)).toEqual(['meta.mark_seen', 'voice.transcribe']);
  });

  it('a Messenger voice note whose link expired still reaches the thread (without words)', async () => {
    const url = env.messenger.addAttachment(audio('too late'), 'audio/mp4');
    env.messenger.expireNextDownloads(1);
    await env.post('/webhooks/messenger', metaAudio('messenger', 'fb.audio-1', 'fb-700', url));
    const row = await inboxEvent('fb:fb.audio-1');
    expect(row.event).toMatchObject({ text: '', voiceNote: true, media: 'audio' });
    const seen = await eventually(() =>
      Promise.resolve(
        env.messenger.senderActions().find((r) => r.headers.authorization === `Bearer ${FB_TOKEN}`),
      ),
    );
    expect(seen.json).toEqual({ recipient: { id: 'fb-700' }, sender_action: 'mark_seen' });
  });

  it('a duplicate delivery transcribes and marks seen once', async () => {
    const bytes = audio('hello there');
    const url = env.instagram.addAttachment(bytes, 'audio/mp4');
    const body = metaAudio('instagram', 'ig.audio-2', 'ig-701', url);
    await Promise.all([1, 2, 3].map(() => env.post('/webhooks/instagram', body)));
    await inboxEvent('ig:ig.audio-2');
    await new Promise((r) => setTimeout(r, 300));
    expect(listensOf(bytes)).toHaveLength(1);
    expect(
      env.instagram
        .senderActions()
        .filter((r) => (r.json as { recipient: { id: string } }).recipient.id === 'ig-701'),
    ).toHaveLength(1);
  });
});
