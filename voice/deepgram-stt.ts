import {
  connectDeepgramLive,
  type DeepgramLiveConnection,
  type DeepgramLiveMessage,
  type DeepgramLiveOptions,
} from '../adapters/deepgram/live';
import type { Language } from '../machines';
import type { AudioFrame } from './audio';
import { EventQueue } from './event-queue';
import type { SpeechToText, SttEvent, SttStream } from './ports';

export type DeepgramSttOptions = Omit<DeepgramLiveOptions, 'language'> & {
  /** Called when the connection fails; the stream then ends. */
  onError: (err: unknown) => void;
};

export const DEFAULT_DEEPGRAM_STT_OPTIONS: Omit<DeepgramSttOptions, 'apiKey'> = {
  baseUrl: 'https://api.deepgram.com',
  model: 'nova-3',
  sampleRate: 16_000,
  endpointingMs: 300,
  utteranceEndMs: 1_000,
  onError: () => {},
};

/**
 * Streaming STT with Deepgram (nova-3): interim results become `interim` (they drive barge-in),
 * `SpeechStarted` becomes `speech_started`, and the final pieces of an utterance are joined into
 * one `final` when Deepgram says the speech ended (`speech_final`, or `UtteranceEnd` when the
 * endpointing missed it). Audio pushed before the socket is open is kept and sent on open.
 */
export class DeepgramStt implements SpeechToText {
  readonly name = 'deepgram';
  private readonly o: DeepgramSttOptions;

  constructor(options: Partial<DeepgramSttOptions> & { apiKey: string }) {
    this.o = { ...DEFAULT_DEEPGRAM_STT_OPTIONS, ...options };
  }

  stream(options: { languages: readonly Language[] }): SttStream {
    const events = new EventQueue<SttEvent>();
    const lang: Language | undefined =
      options.languages.length === 1 ? options.languages[0] : undefined;
    let pieces: string[] = [];
    let speechSeconds = 0;
    const flush = () => {
      const text = pieces.join(' ').trim();
      if (text)
        events.push({
          type: 'final',
          text,
          speechMs: Math.round(speechSeconds * 1000),
          ...(lang ? { language: lang } : {}),
        });
      pieces = [];
      speechSeconds = 0;
    };
    const onMessage = (m: DeepgramLiveMessage) => {
      switch (m.type) {
        case 'SpeechStarted':
          events.push({ type: 'speech_started' });
          return;
        case 'Results': {
          const text = m.channel.alternatives[0]?.transcript.trim() ?? '';
          if (!m.is_final) {
            if (text) events.push({ type: 'interim', text: [...pieces, text].join(' ') });
            return;
          }
          if (text) {
            pieces.push(text);
            speechSeconds += m.duration;
          }
          if (m.speech_final) {
            events.push({ type: 'speech_ended' });
            flush();
          }
          return;
        }
        case 'UtteranceEnd':
          flush();
          return;
        case 'Metadata':
          return;
      }
    };
    let conn: DeepgramLiveConnection | undefined;
    let backlog: Int16Array[] = [];
    let ended = false;
    const opened = connectDeepgramLive(
      { ...this.o, language: lang ?? 'multi' },
      {
        message: onMessage,
        closed: () => {
          flush();
          events.close();
        },
        error: (err) => this.o.onError(err),
      },
    ).then(
      (c) => {
        conn = c;
        for (const pcm of backlog) c.send(pcm);
        backlog = [];
        if (ended) c.finish();
      },
      (err: unknown) => {
        this.o.onError(err);
        events.close();
      },
    );
    void opened;
    return {
      events,
      push(frame: AudioFrame) {
        if (ended) return;
        if (conn) conn.send(frame.samples);
        else backlog.push(frame.samples);
      },
      end() {
        ended = true;
        conn?.finish();
      },
    };
  }
}
