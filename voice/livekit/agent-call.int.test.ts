/**
 * The LiveKit worker's pipeline without a LiveKit server: the caller's audio is real speech
 * (espeak-ng, resampled to the room's 16 kHz by LiveKit's resampler), heard by the LiveKit Agents
 * Deepgram plugin against the local fake of Deepgram's live WebSocket with Silero VAD (onnx on
 * the CPU), answered through the call session, spoken by ElevenLabs (the SDK against its fake
 * server) in the tenant's voice, and captured as the frames the room would have played.
 */
import { initializeLogger, type VAD } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { AudioResampler } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDeepgramLive, type FakeDeepgramLive } from '../../adapters/deepgram/testing';
import {
  startFakeElevenLabsServer,
  type FakeElevenLabsServer,
} from '../../adapters/elevenlabs/testing';
import { durationMs, toFrames, type AudioFrame } from '../audio';
import { EventQueue } from '../event-queue';
import { callerSpeech } from '../offline/offline-call';
import type { AudioOutput, SttEvent } from '../ports';
import { FakeBridge, text } from '../testing/fakes';
import { parserReader } from '../testing/reader';
import { fromRtcFrame, toRtcFrame } from './agents-stt';
import { callVoices, type CallVoiceKeys } from './call-voices';
import { startLiveCall } from './live-call';
import type { CallRoute } from './sip-call';

let dg: FakeDeepgramLive;
let el: FakeElevenLabsServer;
let vad: VAD;
beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'error' });
  [dg, el, vad] = await Promise.all([
    startFakeDeepgramLive({ apiKey: 'dg-key' }),
    startFakeElevenLabsServer({ apiKey: 'xi-key', msPerWord: 100 }),
    silero.VAD.load(),
  ]);
}, 60_000);
afterAll(async () => {
  await dg?.close();
  await el?.close();
});

const ROUTE: CallRoute = {
  tenant: 'demo',
  timezone: 'Africa/Nairobi',
  languages: ['en'],
  voices: { en: 'tenantVoiceEn1', sw: 'tenantVoiceSw1' },
  vocabulary: { services: ['Box braids'], staff: [] },
};

const errors: string[] = [];
const keys = (): CallVoiceKeys => ({
  deepgram: { apiKey: 'dg-key', baseUrl: dg.url, model: 'nova-3' },
  elevenlabs: { apiKey: 'xi-key', baseUrl: el.url, defaultVoice: 'defaultVoice1' },
  vad,
  onError: (err, where) => errors.push(`${where}: ${(err as Error).message}`),
});

/** The caller's words at the room's 16 kHz, then a second of silence (they wait for us). */
async function callerFrames(words: string): Promise<{ frames: AudioFrame[]; speechMs: number }> {
  const speech = await callerSpeech(words);
  const resampler = new AudioResampler(speech.sampleRate, 16_000, 1);
  const frames = toFrames(speech.samples, speech.sampleRate).flatMap((f) =>
    resampler.push(toRtcFrame(f)).map(fromRtcFrame),
  );
  frames.push(...resampler.flush().map(fromRtcFrame));
  resampler.close();
  const speechMs = frames.reduce((n, f) => n + durationMs(f), 0);
  frames.push(...toFrames(new Int16Array(16_000), 16_000));
  return { frames, speechMs };
}

class Capture implements AudioOutput {
  readonly frames: AudioFrame[] = [];
  write(frame: AudioFrame) {
    this.frames.push(frame);
    return Promise.resolve();
  }
  clear() {}
}

describe('the LiveKit worker pipeline with the Agents plugins (no LiveKit server)', () => {
  it('the Deepgram plugin and Silero VAD hear real speech as speech_started ... final', async () => {
    const { frames, speechMs } = await callerFrames('i want box braids on friday');
    dg.script([{ words: 'i want box braids on friday', audioMs: speechMs }]);
    const stt = callVoices(keys(), ROUTE).stt;
    const stream = stt({ currentChoices: [] }).stream({ languages: ['en'] });
    const events: SttEvent[] = [];
    const all = (async () => {
      for await (const e of stream.events) events.push(e);
    })();
    for (const f of frames) stream.push(f);
    await expect.poll(() => events.some((e) => e.type === 'final'), { timeout: 15_000 }).toBe(true);
    stream.end();
    await all;
    const kinds = events.map((e) => e.type).filter((t, i, a) => t !== a[i - 1]);
    // Silero's speech start comes first (barge-in does not wait for Deepgram).
    expect(kinds[0]).toBe('speech_started');
    expect(events).toContainEqual(expect.objectContaining({ type: 'interim' }));
    expect(events.filter((e) => e.type === 'final')).toEqual([
      expect.objectContaining({
        type: 'final',
        text: 'i want box braids on friday',
        language: 'en',
      }),
    ]);
    expect(Object.fromEntries(dg.connections.at(-1)!)).toMatchObject({
      model: 'nova-3',
      language: 'en',
      encoding: 'linear16',
      sample_rate: '16000',
      interim_results: 'true',
    });
    expect(errors).toEqual([]);
  }, 60_000);

  it('a call: audio in -> the thread (voice) -> the reply spoken in the tenant voice -> hang-up', async () => {
    const { frames, speechMs } = await callerFrames('i want box braids on friday');
    dg.script([{ words: 'i want box braids on friday', audioMs: speechMs }]);
    const bridge = new FakeBridge(
      () => ({ status: 'ok', replies: [text('Friday has ten or two. Which one?')] }),
      [text('Hello, Salon Ratiba.')],
    );
    const input = new EventQueue<AudioFrame>();
    const output = new Capture();
    const live = startLiveCall(
      { tenant: 'demo', from: '+254712345678', callId: 'lk-test-1' },
      ROUTE,
      input,
      { bridge, voices: callVoices(keys(), ROUTE), output, read: parserReader() },
    );
    await expect.poll(() => output.frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const f of frames) input.push(f);
    await expect.poll(() => bridge.said.length, { timeout: 15_000 }).toBe(1);
    expect(bridge.said[0]).toMatchObject({ seq: 1, text: 'i want box braids on friday' });
    await live.session.idle();
    input.close(); // the caller hangs up
    await live.done;
    const spoken = el.requests.map((r) => [r.voiceId, (r.body as { text: string }).text]);
    expect(spoken).toEqual([
      ['tenantVoiceEn1', 'Hello, Salon Ratiba.'],
      ['tenantVoiceEn1', 'Friday has ten or two.'],
      ['tenantVoiceEn1', 'Which one?'],
    ]);
    // Every word of it reached the room: 100 ms per word of 16 kHz PCM.
    const playedMs = output.frames.reduce((n, f) => n + durationMs(f), 0);
    expect(playedMs).toBeCloseTo(1_000, -2);
    expect(output.frames.every((f) => f.sampleRate === 16_000)).toBe(true);
    expect(live.session.transcript.filter((e) => e.who === 'agent').map((e) => e.heard)).toEqual([
      'yes',
      'yes',
      'yes',
    ]);
    expect(bridge.ended).toEqual(['hangup']);
    expect(errors).toEqual([]);
  }, 60_000);
});
