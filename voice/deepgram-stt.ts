import {
  connectDeepgramLive,
  type DeepgramLiveConnection,
  type DeepgramLiveMessage,
  type DeepgramLiveOptions,
} from '../adapters/deepgram';
import type { Language } from '../contract';
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
    const utterance = new Utterance(events, lang);
    let conn: DeepgramLiveConnection | undefined;
    let backlog: Int16Array[] = [];
    let ended = false;
    const opened = connectDeepgramLive(
      { ...this.o, language: lang ?? 'multi' },
      {
        message: (m) => utterance.onMessage(m),
        closed: () => {
          utterance.flush();
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

/** Deepgram's messages of one stream as `SttEvent`s: final pieces joined per utterance. */
class Utterance {
  private pieces: string[] = [];
  private speechSeconds = 0;

  constructor(
    private readonly events: EventQueue<SttEvent>,
    private readonly lang: Language | undefined,
  ) {}

  onMessage(m: DeepgramLiveMessage): void {
    switch (m.type) {
      case 'SpeechStarted':
        this.events.push({ type: 'speech_started' });
        return;
      case 'Results': {
        const text = m.channel.alternatives[0]?.transcript.trim() ?? '';
        if (!m.is_final) {
          if (text) this.events.push({ type: 'interim', text: [...this.pieces, text].join(' ') });
          return;
        }
        if (text) {
          this.pieces.push(text);
          this.speechSeconds += m.duration;
        }
        if (m.speech_final) {
          this.events.push({ type: 'speech_ended' });
          this.flush();
        }
        return;
      }
      case 'UtteranceEnd':
        this.flush();
        return;
      case 'Metadata':
        return;
    }
  }

  flush(): void {
    const text = this.pieces.join(' ').trim();
    if (text)
      this.events.push({
        type: 'final',
        text,
        speechMs: Math.round(this.speechSeconds * 1000),
        ...(this.lang ? { language: this.lang } : {}),
      });
    this.pieces = [];
    this.speechSeconds = 0;
  }
}
