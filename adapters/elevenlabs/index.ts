/**
 * ElevenLabs streaming text-to-speech through the official SDK (`@elevenlabs/elevenlabs-js`):
 * `client.textToSpeech.stream` = `POST {baseUrl}/v1/text-to-speech/<voice>/stream` with
 * `xi-api-key`, answered with the audio as it is produced (raw 16-bit PCM at 16 kHz here, ready for
 * a call). The SDK's retries are off: a sentence that failed is not worth saying late.
 */
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';

export interface ElevenLabsOptions {
  apiKey: string;
  baseUrl: string;
  /** `eleven_multilingual_v2`: English and Swahili. */
  modelId: string;
  timeoutMs: number;
}

export const DEFAULT_ELEVENLABS_OPTIONS: Omit<ElevenLabsOptions, 'apiKey'> = {
  baseUrl: 'https://api.elevenlabs.io',
  modelId: 'eleven_multilingual_v2',
  timeoutMs: 15_000,
};

export interface SpeechRequest {
  voiceId: string;
  text: string;
  /** ISO 639-1 (`en`, `sw`). */
  languageCode: string;
  /** 0.7-1.2, 1 = the voice's normal pace. */
  speed: number;
}

export interface ElevenLabsAdapter {
  /** Raw PCM (16-bit little-endian, 16 kHz mono) as it arrives; ends early when `signal` aborts. */
  stream(request: SpeechRequest, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

export function createElevenLabsAdapter(
  options: Partial<ElevenLabsOptions> & { apiKey: string },
): ElevenLabsAdapter {
  const o = { ...DEFAULT_ELEVENLABS_OPTIONS, ...options };
  const client = new ElevenLabsClient({
    apiKey: o.apiKey,
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    maxRetries: 0,
    timeoutInSeconds: o.timeoutMs / 1000,
  });
  return {
    async stream(r, signal) {
      const body = await client.textToSpeech.stream(
        r.voiceId,
        {
          text: r.text,
          modelId: o.modelId,
          languageCode: r.languageCode,
          outputFormat: 'pcm_16000',
          voiceSettings: { speed: Math.min(1.2, Math.max(0.7, r.speed)) },
        },
        { abortSignal: signal, maxRetries: 0 },
      );
      return chunks(body);
    },
  };
}

async function* chunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
