/**
 * Deepgram live (streaming) transcription through the official SDK: `client.listen.v1.connect`
 * = a WebSocket to `{baseUrl}/v1/listen` with `Authorization: Token <key>`; audio goes up as
 * binary frames, `Results` / `SpeechStarted` / `UtteranceEnd` / `Metadata` come down as JSON.
 * The SDK's reconnects are off: a call whose recogniser went away is the call's problem to
 * handle (it ends the stream), not something to paper over mid-utterance.
 */
import { DeepgramClient } from '@deepgram/sdk';

export interface DeepgramLiveOptions {
  apiKey: string;
  /** `https://api.deepgram.com` or a fake; the WebSocket URL is derived from it. */
  baseUrl: string;
  model: string;
  /** One BCP-47 language, or `multi` (code-switching). */
  language: string;
  sampleRate: number;
  /** Silence (ms) that ends an utterance (`speech_final`). */
  endpointingMs: number;
  utteranceEndMs: number;
}

export type DeepgramLiveMessage =
  | {
      type: 'Results';
      is_final?: boolean;
      speech_final?: boolean;
      start: number;
      duration: number;
      channel: { alternatives: { transcript: string; languages?: string[] }[] };
    }
  | { type: 'SpeechStarted'; timestamp: number }
  | { type: 'UtteranceEnd'; last_word_end: number }
  | { type: 'Metadata'; request_id?: string };

export interface DeepgramLiveConnection {
  send(pcm: Int16Array): void;
  /** No more audio: Deepgram flushes what it heard, then closes. */
  finish(): void;
  close(): void;
}

export async function connectDeepgramLive(
  o: DeepgramLiveOptions,
  handlers: {
    message(m: DeepgramLiveMessage): void;
    closed(): void;
    error(err: Error): void;
  },
): Promise<DeepgramLiveConnection> {
  const wsBase = o.baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  const client = new DeepgramClient({ apiKey: o.apiKey, baseUrl: wsBase });
  const socket = await client.listen.v1.connect({
    model: o.model,
    language: o.language,
    encoding: 'linear16',
    sample_rate: o.sampleRate,
    channels: 1,
    interim_results: 'true',
    vad_events: 'true',
    smart_format: 'true',
    endpointing: o.endpointingMs,
    utterance_end_ms: o.utteranceEndMs,
    Authorization: `Token ${o.apiKey}`,
    reconnectAttempts: 0,
  });
  socket.on('message', (m) => handlers.message(m as DeepgramLiveMessage));
  socket.on('close', () => handlers.closed());
  socket.on('error', (e) => handlers.error(e));
  socket.connect();
  await socket.waitForOpen();
  return {
    send: (pcm) => socket.sendMedia(pcm),
    finish: () => socket.sendCloseStream({ type: 'CloseStream' }),
    close: () => socket.close(),
  };
}
