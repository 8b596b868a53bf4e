import { z } from 'zod';

/**
 * The voice worker's variables (README "Voice"), part of runtime/config.ts's schema. Deepgram's
 * (DEEPGRAM_API_KEY, DEEPGRAM_URL, DEEPGRAM_MODEL) are shared with voice-note transcription.
 */
export const VOICE_ENV = {
  /** The LiveKit server the worker registers with (ws:// or wss://). */
  LIVEKIT_URL: z.url({ protocol: /^wss?$/ }).optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  /** The agent name SIP dispatch rules name (explicit dispatch); unset: every new room. */
  LIVEKIT_AGENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  /** ElevenLabs TTS of calls; unset: espeak-ng (offline). */
  ELEVENLABS_API_KEY: z.string().min(1).optional(),
  ELEVENLABS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The voice of tenants whose file names none (an ElevenLabs voice id). */
  ELEVENLABS_VOICE_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{8,64}$/)
    .default('21m00Tcm4TlvDq8ikWAM'),
};

type VoiceEnv = z.infer<z.ZodObject<typeof VOICE_ENV>>;

export interface VoiceConfig {
  livekit: { url: string; apiKey: string; apiSecret: string; agentName?: string } | undefined;
  elevenlabs: { apiKey: string; baseUrl?: string; defaultVoice: string } | undefined;
}

export function voiceConfig(e: VoiceEnv): VoiceConfig {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = e;
  return {
    livekit:
      url && apiKey && apiSecret
        ? {
            url,
            apiKey,
            apiSecret,
            ...(e.LIVEKIT_AGENT_NAME ? { agentName: e.LIVEKIT_AGENT_NAME } : {}),
          }
        : undefined,
    elevenlabs: e.ELEVENLABS_API_KEY
      ? {
          apiKey: e.ELEVENLABS_API_KEY,
          ...(e.ELEVENLABS_URL ? { baseUrl: e.ELEVENLABS_URL } : {}),
          defaultVoice: e.ELEVENLABS_VOICE_ID,
        }
      : undefined,
  };
}
