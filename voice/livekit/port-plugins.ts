/**
 * Our STT and TTS ports (pocketsphinx, Deepgram through its plugin, espeak-ng, ElevenLabs
 * through its SDK, the tests' fakes) as LiveKit Agents `stt.STT` / `tts.TTS`, so an
 * `AgentSession` runs on any of them: the session's audio recognition reads our `SttEvent`s as
 * speech events, and its (non-streaming) TTS path asks us sentence by sentence.
 */
import {
  asLanguageCode,
  shortuuid,
  stt as agentsStt,
  tts as agentsTts,
  type APIConnectOptions,
} from '@livekit/agents';
import type { AudioBuffer } from '@livekit/agents';
import type { Language } from '../../contract';
import type { SpeechToText, SttEvent, SynthesisOptions, TextToSpeech } from '../ports';
import { fromRtcFrame, toRtcFrame } from './rtc-frames';

const T = agentsStt.SpeechEventType;

/** One of our events as the Agents' speech event(s). */
function speechEvents(e: SttEvent): agentsStt.SpeechEvent[] {
  if (e.type === 'speech_started') return [{ type: T.START_OF_SPEECH }];
  if (e.type === 'speech_ended') return [];
  if (!e.text.trim()) return e.type === 'final' ? [{ type: T.END_OF_SPEECH }] : [];
  const data: agentsStt.SpeechData = {
    language: asLanguageCode(e.type === 'final' ? (e.language ?? '') : ''),
    text: e.text.trim(),
    startTime: 0,
    endTime: e.type === 'final' ? (e.speechMs ?? 0) / 1000 : 0,
    confidence: 1,
  };
  if (e.type === 'interim') return [{ type: T.INTERIM_TRANSCRIPT, alternatives: [data] }];
  // The utterance's end follows its words: the session commits the turn on it.
  return [{ type: T.FINAL_TRANSCRIPT, alternatives: [data] }, { type: T.END_OF_SPEECH }];
}

class PortSpeechStream extends agentsStt.SpeechStream {
  label: string;
  constructor(
    private readonly port: SpeechToText,
    private readonly languages: readonly Language[],
    stt: agentsStt.STT,
  ) {
    super(stt, 16_000);
    this.label = port.name;
  }

  protected async run(): Promise<void> {
    const stream = this.port.stream({ languages: this.languages });
    const events = (async () => {
      for await (const e of stream.events)
        for (const ev of speechEvents(e)) if (!this.queue.closed) this.queue.put(ev);
    })();
    for await (const frame of this.input)
      if (frame !== agentsStt.SpeechStream.FLUSH_SENTINEL) stream.push(fromRtcFrame(frame));
    stream.end();
    await events;
  }
}

/** A `SpeechToText` port as a streaming Agents STT. */
export class PortStt extends agentsStt.STT {
  label: string;
  constructor(
    private readonly port: SpeechToText,
    private readonly languages: readonly Language[],
  ) {
    super({ streaming: true, interimResults: true });
    this.label = port.name;
  }

  protected _recognize(_frame: AudioBuffer): Promise<agentsStt.SpeechEvent> {
    return Promise.reject(new Error(`${this.label} only streams`));
  }

  stream(): agentsStt.SpeechStream {
    return new PortSpeechStream(this.port, this.languages, this);
  }
}

class PortChunkedStream extends agentsTts.ChunkedStream {
  label: string;
  constructor(
    text: string,
    private readonly owner: PortTts,
    connOptions?: APIConnectOptions,
    signal?: AbortSignal,
  ) {
    super(text, owner, connOptions, signal);
    this.label = owner.label;
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid('tts_');
    const signal = this.abortSignal;
    this.owner.onRequest(this.inputText);
    let last: agentsTts.SynthesizedAudio | undefined;
    const frames = this.owner.port.synthesize(this.inputText, this.owner.options(), signal);
    for await (const f of frames) {
      if (signal.aborted) break;
      if (last) this.queue.put(last);
      last = { requestId, segmentId: requestId, frame: toRtcFrame(f), final: false };
    }
    if (last && !signal.aborted) this.queue.put({ ...last, final: true });
  }
}

/**
 * A `TextToSpeech` port as a non-streaming Agents TTS (the session splits the reply into
 * sentences and asks for each): the language, voice and speaking rate of each sentence come
 * from `options()` at the moment it is asked for.
 */
export class PortTts extends agentsTts.TTS {
  label: string;
  constructor(
    readonly port: TextToSpeech,
    sampleRate: number,
    readonly options: () => SynthesisOptions,
    /** A sentence's TTS request goes out (the benchmark's "first TTS request"). */
    readonly onRequest: (text: string) => void = () => {},
  ) {
    super(sampleRate, 1, { streaming: false });
    this.label = port.name;
  }

  synthesize(
    text: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ): agentsTts.ChunkedStream {
    return new PortChunkedStream(text, this, connOptions, abortSignal);
  }

  stream(): agentsTts.SynthesizeStream {
    throw new Error(`${this.label} does not stream text: the session wraps it per sentence`);
  }
}
