import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElevenLabsAdapter } from '../adapters/elevenlabs';
import {
  startFakeElevenLabsServer,
  type FakeElevenLabsServer,
} from '../adapters/elevenlabs/testing';
import { durationMs } from './audio';
import { ElevenLabsTts } from './elevenlabs-tts';
import { Playout } from './playout';
import { collect, FakeOutput } from './testing/fakes';
import { systemClock } from './ports';

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

  it('a barge-in aborts the stream mid-sentence without an error', async () => {
    const errors: unknown[] = [];
    const output = new FakeOutput(systemClock);
    const playout = new Playout(tts(), output, () => ({ language: 'en', rate: 1 }), {
      onError: (e) => errors.push(e),
    });
    const said = playout.speak(['one two three four five six seven eight nine ten']);
    // Interrupted once some of the sentence was heard (the machine may be slow to connect).
    for (let i = 0; i < 200 && output.playedMs < 200; i++)
      await new Promise((r) => setTimeout(r, 20));
    playout.interrupt();
    const out = await said;
    expect(out.cut?.playedShare).toBeGreaterThan(0);
    expect(out.cut?.playedShare).toBeLessThan(1);
    expect(errors).toEqual([]);
  });

  it('a wrong key is an error of the sentence (the call goes on)', async () => {
    await expect(
      collect(
        tts('nope').synthesize('Hello', { language: 'en', rate: 1 }, new AbortController().signal),
      ),
    ).rejects.toThrow();
  });
});
