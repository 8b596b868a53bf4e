import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElevenLabsAdapter } from '../adapters/elevenlabs';
import {
  startFakeElevenLabsServer,
  type FakeElevenLabsServer,
} from '../adapters/elevenlabs/testing';
import { durationMs } from './audio';
import { ElevenLabsTts } from './elevenlabs-tts';
import { collect } from './testing/fakes';

let el: FakeElevenLabsServer;
beforeAll(async () => {
  el = await startFakeElevenLabsServer({ apiKey: 'xi-test', msPerWord: 200 });
});
afterAll(() => el.close());

const tts = (apiKey = 'xi-test') =>
  new ElevenLabsTts(createElevenLabsAdapter({ apiKey, baseUrl: el.url }), {
    en: 'voice-en',
    sw: 'voice-sw',
  });

describe('ElevenLabs streaming TTS (the real SDK against a fake server)', () => {
  it('streams a sentence as 20 ms frames of 16 kHz PCM, in the voice of the language', async () => {
    const frames = await collect(
      tts().synthesize(
        'Sema moja kwa Wanjiku',
        { language: 'sw', rate: 1.1 },
        new AbortController().signal,
      ),
    );
    const total = frames.reduce((n, f) => n + durationMs(f), 0);
    expect(total).toBeCloseTo(800, 0);
    expect(frames.slice(0, -1).every((f) => f.samples.length === 320)).toBe(true);
    expect(frames[0]!.samples[0]).toBe(6000);
    expect(el.requests.at(-1)).toMatchObject({
      voiceId: 'voice-sw',
      query: { output_format: 'pcm_16000' },
      body: {
        text: 'Sema moja kwa Wanjiku',
        model_id: 'eleven_multilingual_v2',
        language_code: 'sw',
        voice_settings: { speed: 1.1 },
      },
    });
  });

  it('a tenant voice given by the call wins, and the speed stays within the API bounds', async () => {
    await collect(
      tts().synthesize(
        'Hello',
        { language: 'en', rate: 2, voice: 'tenant-voice' },
        new AbortController().signal,
      ),
    );
    expect(el.requests.at(-1)).toMatchObject({
      voiceId: 'tenant-voice',
      body: { voice_settings: { speed: 1.2 } },
    });
  });

  it('a barge-in (the abort signal) ends the stream mid-sentence without an error', async () => {
    const sentence = 'one two three four five six seven eight nine ten';
    const ac = new AbortController();
    let playedMs = 0;
    // Stopped once some of the sentence came (the machine may be slow to connect): the
    // iteration ends quietly, with only part of the sentence's 2 s of audio.
    for await (const frame of tts().synthesize(sentence, { language: 'en', rate: 1 }, ac.signal)) {
      playedMs += durationMs(frame);
      if (playedMs >= 200) ac.abort();
    }
    expect(playedMs).toBeGreaterThanOrEqual(200);
    expect(playedMs).toBeLessThan(2_000);
  });

  it('a wrong key is an error of the sentence (the call goes on)', async () => {
    await expect(
      collect(
        tts('nope').synthesize('Hello', { language: 'en', rate: 1 }, new AbortController().signal),
      ),
    ).rejects.toThrow();
  });
});
