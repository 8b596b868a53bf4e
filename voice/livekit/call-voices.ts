import type { VAD } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import { createElevenLabsAdapter } from '../../adapters/elevenlabs';
import type { Language } from '../../contract';
import { ElevenLabsTts } from '../elevenlabs-tts';
import { callGrammar } from '../offline/call-grammar';
import { EspeakTts } from '../offline/espeak-tts';
import { PocketsphinxStt } from '../offline/pocketsphinx-stt';
import type { CallVoices } from './session-io';
import type { CallRoute } from './sip-call';

/** The cloud voice keys of the deployment (unset: the offline voice). */
export interface CallVoiceKeys {
  deepgram?: { apiKey: string; baseUrl?: string; model: string };
  elevenlabs?: {
    apiKey: string;
    baseUrl?: string;
    /** The voice when the tenant file names none for the language. */
    defaultVoice: string;
  };
  /** Silero VAD (loaded once per worker process), for barge-in ahead of the STT service. */
  vad?: VAD;
  onError(err: unknown, where: string): void;
}

/**
 * The STT and TTS of one call. Deepgram (nova-3, the LiveKit Agents plugin, with Silero VAD)
 * when DEEPGRAM_API_KEY is set, else pocketsphinx held to the tenant's grammar; ElevenLabs
 * (multilingual v2) in the tenant's voice per language when ELEVENLABS_API_KEY is set, else
 * espeak-ng. The tenant's ElevenLabs voice ids are never handed to espeak-ng.
 */
export function callVoices(keys: CallVoiceKeys, route: CallRoute): CallVoices {
  const onError = (where: string) => (err: unknown) => keys.onError(err, where);
  const dg = keys.deepgram;
  const stt: CallVoices['stt'] = dg
    ? () =>
        new deepgram.STT({
          apiKey: dg.apiKey,
          model: dg.model,
          // One language: that one; English and Swahili: Deepgram's multilingual mode.
          language: route.languages.length === 1 ? route.languages[0] : 'multi',
          sampleRate: 16_000,
          ...(dg.baseUrl ? { baseUrl: dg.baseUrl.replace(/^http/, 'ws') } : {}),
        })
    : (session) =>
        new PocketsphinxStt({
          grammar: () =>
            callGrammar({
              ...route.vocabulary,
              choices: session.currentChoices.map((c) => c.title),
            }),
          onError: onError('stt'),
        });
  const el = keys.elevenlabs;
  // Silero next to Deepgram: the session knows the caller speaks before Deepgram says so.
  const vad = dg && keys.vad ? { vad: keys.vad } : {};
  if (!el) return { stt, tts: new EspeakTts(), voices: {}, ...vad };
  const fallback: Record<Language, string> = { en: el.defaultVoice, sw: el.defaultVoice };
  const adapter = createElevenLabsAdapter({
    apiKey: el.apiKey,
    ...(el.baseUrl ? { baseUrl: el.baseUrl } : {}),
  });
  return {
    stt,
    tts: new ElevenLabsTts(adapter, fallback),
    voices: { ...route.voices },
    ...vad,
  };
}
