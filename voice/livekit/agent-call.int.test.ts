/**
 * The LiveKit worker's call without a LiveKit server: `AgentCall` (the real `AgentSession`) on
 * audio I/O of our own. The caller's audio is real speech (espeak-ng, resampled to the room's
 * 16 kHz by LiveKit's resampler), heard by the LiveKit Agents Deepgram plugin against the local
 * fake of Deepgram's live WebSocket with Silero VAD (onnx on the CPU) as the session's VAD,
 * answered by the thread, spoken by ElevenLabs (the SDK against its fake server) in the
 * tenant's voice, and played in real time by the output the room would be.
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
import { concatFrames, durationMs, toFrames, type AudioFrame } from '../audio';
import { callerSpeech } from '../offline/offline-call';
import { Mic, Speaker } from '../testing/agent-io';
import { FakeBridge, text } from '../testing/fakes';
import { parserReader } from '../testing/reader';
import { AgentCall } from './agent-call';
import { callVoices, type CallVoiceKeys } from './call-voices';
import { fromRtcFrame, toRtcFrame } from './rtc-frames';
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
  const pieces = toFrames(speech.samples, speech.sampleRate).flatMap((f) =>
    resampler.push(toRtcFrame(f)).map(fromRtcFrame),
  );
  pieces.push(...resampler.flush().map(fromRtcFrame));
  resampler.close();
  // 20 ms frames, as a room delivers them (the microphone plays one per tick).
  const frames = toFrames(concatFrames(pieces)?.samples ?? new Int16Array(0), 16_000);
  const speechMs = frames.reduce((n, f) => n + durationMs(f), 0);
  frames.push(...toFrames(new Int16Array(16_000), 16_000));
  return { frames, speechMs };
}

const agentLines = (c: AgentCall) =>
  c.transcript.flatMap((e) => (e.who === 'agent' ? [`${e.heard}: ${e.text}`] : []));

describe('the LiveKit worker call on AgentCall with the Agents plugins (no LiveKit server)', () => {
  it('real speech in -> Deepgram plugin + Silero -> the thread (voice) -> ElevenLabs in the tenant voice -> hang-up', async () => {
    const { frames, speechMs } = await callerFrames('i want box braids on friday');
    dg.script([{ words: 'i want box braids on friday', audioMs: speechMs }]);
    const bridge = new FakeBridge(
      () => ({ status: 'ok', replies: [text('Friday has ten or two. Which one?')] }),
      [text('Hello, Salon Ratiba.')],
    );
    const mic = new Mic();
    const speaker = new Speaker();
    const call = new AgentCall(
      { tenant: 'demo', from: '+254712345678', callId: 'lk-test-1' },
      ROUTE,
      {
        bridge,
        voices: callVoices(keys(), ROUTE),
        read: parserReader(),
        onError: (err, where) => errors.push(`${where}: ${(err as Error).message}`),
      },
    );
    await call.start({ input: mic, output: speaker });
    await expect
      .poll(() => agentLines(call), { timeout: 15_000 })
      .toEqual(['yes: Hello, Salon Ratiba.']);
    mic.say(frames.map(toRtcFrame));
    await expect.poll(() => bridge.said.length, { timeout: 30_000 }).toBe(1);
    expect(bridge.said[0]).toMatchObject({ seq: 1, text: 'i want box braids on friday' });
    await expect
      .poll(() => agentLines(call), { timeout: 15_000 })
      .toContain('yes: Friday has ten or two. Which one?');
    mic.stop(); // the caller hangs up
    await call.hangUp();
    // Deepgram was asked for what the tenant speaks, as the plugin streams it.
    expect(Object.fromEntries(dg.connections.at(-1)!)).toMatchObject({
      model: 'nova-3',
      language: 'en',
      encoding: 'linear16',
      sample_rate: '16000',
      interim_results: 'true',
    });
    // Every sentence in the tenant's English voice, and every word of it played: 100 ms a
    // word of 16 kHz PCM (at the caller's speaking rate once they have spoken).
    expect(new Set(el.requests.map((r) => r.voiceId))).toEqual(new Set(['tenantVoiceEn1']));
    // Each sentence asked for once. The Agents StreamAdapter starts every sentence's synthesis
    // at once and plays the audio in order, so requests arrive in any order; the order heard is
    // the transcript's (asserted above).
    const spoken = el.requests.map((r) => (r.body as { text: string }).text).sort();
    expect(spoken).toEqual(['Friday has ten or two.', 'Hello, Salon Ratiba.', 'Which one?']);
    expect(speaker.frames.every((f) => f.sampleRate === 16_000)).toBe(true);
    const rate = call.rate.rate;
    expect(speaker.playedMs).toBeGreaterThan(300 + (700 / Math.max(rate, 1)) * 0.9);
    expect(call.timings.finalToFirstTts).toHaveLength(1);
    expect(bridge.ended).toEqual(['hangup']);
    expect(errors).toEqual([]);
  }, 90_000);
});
