import { initializeLogger } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeElevenLabsServer,
  type FakeElevenLabsServer,
} from '../../adapters/elevenlabs/testing';
import { loadLiveKitVoice, type CallRoute } from '../../voice';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { voicesFor } from './voice-providers';

let el: FakeElevenLabsServer;
beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'error' }); // as a LiveKit job process has it
  el = await startFakeElevenLabsServer({ apiKey: 'xi-key', msPerWord: 20 });
  // The worker's LiveKit modules load once, here, not inside the first test's time budget.
  await loadLiveKitVoice();
}, 60_000);
afterAll(() => el.close());

const log = createLogger({ level: 'silent', logPii: false });
const ROUTE: CallRoute = {
  tenant: 'demo',
  timezone: 'Africa/Nairobi',
  languages: ['en', 'sw'],
  voices: { en: 'tenantVoiceEn1' },
  vocabulary: { services: ['Haircut'], staff: [] },
};
const session = { currentChoices: [] };
/** Our STT ports have a `name`, a LiveKit Agents plugin a `label`. */
const sttName = (v: { stt(s: typeof session): { name: string } | { label: string } }) => {
  const stt = v.stt(session);
  return 'name' in stt ? stt.name : stt.label;
};
const voices = async (env: Record<string, string>) =>
  (await voicesFor(loadConfig(env), log, undefined))(ROUTE);

describe("a call's voices from the deployment's keys (issue 14, point 4)", () => {
  it('without keys: pocketsphinx and espeak-ng, and no ElevenLabs voice ids handed to espeak', async () => {
    const v = await voices({});
    expect(sttName(v)).toBe('pocketsphinx');
    expect(v.tts.name).toBe('espeak-ng');
    expect(v.voices).toEqual({});
  });

  it('with DEEPGRAM_API_KEY: the LiveKit Agents Deepgram plugin hears the call', async () => {
    const v = await voices({ DEEPGRAM_API_KEY: 'dg-key' });
    expect(sttName(v)).toBe('deepgram.STT');
    expect(v.tts.name).toBe('espeak-ng');
  });

  it("with ELEVENLABS_API_KEY: ElevenLabs speaks, in the tenant's voice or the default one", async () => {
    const v = await voices({
      ELEVENLABS_API_KEY: 'xi-key',
      ELEVENLABS_URL: el.url,
      ELEVENLABS_VOICE_ID: 'deploymentDefault1',
    });
    expect(sttName(v)).toBe('pocketsphinx');
    expect(v.tts.name).toBe('elevenlabs');
    expect(v.voices).toEqual({ en: 'tenantVoiceEn1' });
    // Swahili: the tenant file names no voice, so the deployment's default speaks it.
    const signal = new AbortController().signal;
    for await (const _ of v.tts.synthesize('Habari', { language: 'sw', rate: 1 }, signal));
    expect(el.requests.at(-1)).toMatchObject({ voiceId: 'deploymentDefault1' });
  });

  it('refuses a malformed LiveKit URL or voice id with the variable named', () => {
    expect(() => loadConfig({ LIVEKIT_URL: 'http://x' })).toThrow(/LIVEKIT_URL/);
    expect(() => loadConfig({ ELEVENLABS_VOICE_ID: 'a b' })).toThrow(/ELEVENLABS_VOICE_ID/);
    expect(loadConfig({ LIVEKIT_URL: 'ws://lk:7880', LIVEKIT_API_KEY: 'k' }).voice.livekit).toBe(
      undefined,
    );
    expect(
      loadConfig({ LIVEKIT_URL: 'wss://lk', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).voice
        .livekit,
    ).toEqual({ url: 'wss://lk', apiKey: 'k', apiSecret: 's' });
  });
});
