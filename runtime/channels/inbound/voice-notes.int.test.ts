import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/test-runtime';
import {
  startChannelEnv,
  waVoiceNote,
  type ChannelEnv,
} from '../../../test-support/channel-test-kit';

let env: ChannelEnv;
let dir: string;

/** A WhatsApp-like voice note: espeak-ng speech encoded as mono OGG/Opus by ffmpeg. */
function voiceNote(words: string): Buffer {
  const wav = join(dir, 'speech.wav');
  const ogg = join(dir, 'speech.ogg');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '130', '-w', wav, words]);
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    wav,
    '-c:a',
    'libopus',
    '-ac',
    '1',
    ogg,
  ]);
  return readFileSync(ogg);
}

const inboxEvent = (eventId: string) =>
  eventually(async () => {
    const { rows } = await env.t.db.query<{
      thread_key: string;
      event: { text: string; voiceNote?: boolean; media?: string };
    }>(`SELECT thread_key, event FROM t_demo.inbox WHERE event_id = $1`, [eventId]);
    return rows[0];
  }, 30_000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ratiba-vn-test-'));
  env = await startChannelEnv();
});
afterAll(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('voice notes', () => {
  it('are acknowledged at once, transcribed offline by an outbox effect, and reach the thread as a voice-note message', async () => {
    const mediaId = env.graph.addMedia({
      bytes: voiceNote('hello, I would like to book a haircut'),
      mimeType: 'audio/ogg; codecs=opus',
    });
    const res = await env.post(
      '/webhooks/whatsapp',
      waVoiceNote('wamid.vn-1', '254712400001', mediaId),
    );
    expect(res.status).toBe(200);
    // Durable at the ack: the transcription effect is in the outbox.
    const { rows } = await env.t.db.query(
      `SELECT 1 FROM t_demo.outbox WHERE idempotency_key = 'voice:wa:wamid.vn-1'`,
    );
    expect(rows).toHaveLength(1);
    const row = await inboxEvent('wa:wamid.vn-1');
    expect(row.event.voiceNote).toBe(true);
    expect(row.event.media).toBeUndefined();
    expect(row.event.text).toMatch(/would like/);
    // The media was downloaded with the tenant's token, and the thread answered.
    expect(env.graph.requests.some((r) => r.path.includes('/media-download/'))).toBe(true);
    await eventually(() =>
      Promise.resolve(
        env.graph.sends().some((r) => (r.json as { to?: string }).to === '254712400001'),
      ),
    );
  }, 60_000);

  it('a duplicate delivery of the voice note transcribes it once', async () => {
    const mediaId = env.graph.addMedia({ bytes: voiceNote('hello'), mimeType: 'audio/ogg' });
    const body = waVoiceNote('wamid.vn-2', '254712400002', mediaId);
    await Promise.all([1, 2, 3].map(() => env.post('/webhooks/whatsapp', body)));
    await inboxEvent('wa:wamid.vn-2');
    const { rows } = await env.t.db.query(
      `SELECT 1 FROM t_demo.outbox WHERE kind = 'voice.transcribe' AND payload->>'messageId' = 'wamid.vn-2'`,
    );
    expect(rows).toHaveLength(1);
  }, 60_000);

  it('audio that cannot be heard still reaches the thread, as media without text', async () => {
    const mediaId = env.graph.addMedia({
      bytes: Buffer.from('not audio at all'),
      mimeType: 'audio/ogg',
    });
    await env.post('/webhooks/whatsapp', waVoiceNote('wamid.vn-3', '254712400003', mediaId));
    const row = await inboxEvent('wa:wamid.vn-3');
    expect(row.event).toMatchObject({ text: '', voiceNote: true, media: 'audio' });
  }, 60_000);
});
