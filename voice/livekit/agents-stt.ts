import { stt as agentsStt, VADEventType, type VAD } from '@livekit/agents';
import { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';
import type { Language } from '../../contract';
import type { AudioFrame } from '../audio';
import { EventQueue } from '../event-queue';
import type { SpeechToText, SttEvent, SttStream } from '../ports';

/**
 * Our frame as LiveKit's (same 16-bit mono samples). A frame that is a view into a larger buffer
 * (`toFrames` cuts with `subarray`) is copied: the native resampler reads the buffer from its
 * start, and would hear the wrong samples.
 */
export function toRtcFrame(frame: AudioFrame): RtcAudioFrame {
  const s = frame.samples;
  const whole = s.byteOffset === 0 && s.byteLength === s.buffer.byteLength;
  return new RtcAudioFrame(whole ? s : s.slice(), frame.sampleRate, 1, s.length);
}

/** LiveKit's frame as ours (the first channel of an interleaved frame). */
export function fromRtcFrame(frame: RtcAudioFrame): AudioFrame {
  if (frame.channels === 1) return { samples: frame.data, sampleRate: frame.sampleRate };
  const samples = new Int16Array(frame.samplesPerChannel);
  for (let i = 0; i < samples.length; i++) samples[i] = frame.data[i * frame.channels]!;
  return { samples, sampleRate: frame.sampleRate };
}

const languageOf = (code: string | undefined): Language | undefined =>
  code?.startsWith('sw') ? 'sw' : code?.startsWith('en') ? 'en' : undefined;

export interface AgentsSttOptions {
  /** A LiveKit Agents STT plugin (the Deepgram plugin's `STT`), configured for the call. */
  stt: agentsStt.STT;
  /** Silero VAD: speech starts are known locally, before the STT service says so (barge-in). */
  vad?: VAD;
  onError(err: unknown): void;
}

/**
 * A LiveKit Agents STT plugin (and VAD) behind the call pipeline's `SpeechToText`: interim
 * transcripts become `interim`, the final pieces of an utterance one `final` at the end of
 * speech. The plugin owns the provider's protocol (keep-alive, reconnects, finalize).
 */
export class AgentsStt implements SpeechToText {
  readonly name: string;

  constructor(private readonly o: AgentsSttOptions) {
    this.name = `livekit-agents:${o.stt.label}`;
  }

  stream(_options: { languages: readonly Language[] }): SttStream {
    const events = new EventQueue<SttEvent>();
    const speech = this.o.stt.stream();
    const vad = this.o.vad?.stream();
    const pumps = [this.pumpStt(speech, events, !vad)];
    if (vad) pumps.push(this.pumpVad(vad, events));
    void Promise.all(pumps).finally(() => events.close());
    let ended = false;
    return {
      events,
      push(frame: AudioFrame) {
        if (ended) return;
        const f = toRtcFrame(frame);
        speech.pushFrame(f);
        vad?.pushFrame(f);
      },
      end() {
        if (ended) return;
        ended = true;
        speech.endInput();
        // VADStream.endInput throws (its input writer is locked); close ends its events.
        vad?.close();
      },
    };
  }

  private async pumpStt(
    speech: agentsStt.SpeechStream,
    events: EventQueue<SttEvent>,
    startsFromStt: boolean,
  ): Promise<void> {
    const T = agentsStt.SpeechEventType;
    let pieces: string[] = [];
    let seconds = 0;
    let language: Language | undefined;
    const flush = () => {
      const text = pieces.join(' ').trim();
      if (text)
        events.push({
          type: 'final',
          text,
          speechMs: Math.round(seconds * 1000),
          ...(language ? { language } : {}),
        });
      pieces = [];
      seconds = 0;
    };
    try {
      for await (const e of speech) {
        const alt = e.alternatives?.[0];
        if (e.type === T.START_OF_SPEECH && startsFromStt) events.push({ type: 'speech_started' });
        else if (e.type === T.INTERIM_TRANSCRIPT && alt?.text.trim())
          events.push({ type: 'interim', text: [...pieces, alt.text.trim()].join(' ') });
        else if (e.type === T.FINAL_TRANSCRIPT && alt?.text.trim()) {
          pieces.push(alt.text.trim());
          seconds += Math.max(0, alt.endTime - alt.startTime);
          language = languageOf(alt.language) ?? language;
        } else if (e.type === T.END_OF_SPEECH) {
          events.push({ type: 'speech_ended' });
          flush();
        }
      }
    } catch (err) {
      this.o.onError(err);
    } finally {
      flush();
    }
  }

  private async pumpVad(
    vad: ReturnType<VAD['stream']>,
    events: EventQueue<SttEvent>,
  ): Promise<void> {
    try {
      for await (const e of vad)
        if (e.type === VADEventType.START_OF_SPEECH) events.push({ type: 'speech_started' });
    } catch (err) {
      this.o.onError(err);
    }
  }
}
