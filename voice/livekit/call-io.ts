/**
 * An `AgentCall`'s audio without a LiveKit room (README "Voice"): what `npx ratiba call`, the
 * console's call panel and the tests give the real `AgentSession`. The caller's audio is pushed
 * in (a WAV, synthesized speech), our audio is recorded as it comes (played at once: nobody
 * listens in real time), and typed words can stand in for recognised ones.
 */
import { voice } from '@livekit/agents';
import type { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';
import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import type { Language } from '../../contract';
import type { AudioFrame } from '../audio';
import { EventQueue } from '../event-queue';
import type { SpeechToText, SttEvent, SttStream } from '../ports';
import { fromRtcFrame, toRtcFrame } from './rtc-frames';

/** The caller's microphone, fed by `push`; `end` is the caller's line going quiet for good. */
export class PushAudioInput extends voice.AudioInput {
  private ctl!: ReadableStreamDefaultController<RtcAudioFrame>;
  private ended = false;

  constructor() {
    super();
    this.multiStream.addInputStream(
      new ReadableStream<RtcAudioFrame>({ start: (c) => void (this.ctl = c) }),
    );
  }

  push(frame: AudioFrame): void {
    if (!this.ended) this.ctl.enqueue(toRtcFrame(frame));
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.ctl.close();
  }
}

/**
 * Keeps everything we say, in order; each segment counts as played in full the moment it is
 * flushed (so the session's playout never waits on a clock). An interruption (`clearBuffer`)
 * ends the open segment as cut off.
 */
export class RecordingAudioOutput extends voice.AudioOutput {
  readonly frames: AudioFrame[] = [];
  private segmentMs = 0;
  private open = false;

  override async captureFrame(frame: RtcAudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (!this.open) {
      this.open = true;
      this.onPlaybackStarted(Date.now());
    }
    this.frames.push(fromRtcFrame(frame));
    this.segmentMs += (frame.samplesPerChannel / frame.sampleRate) * 1000;
  }

  override flush(): void {
    super.flush();
    this.finish(false);
  }

  override clearBuffer(): void {
    this.finish(true);
  }

  private finish(interrupted: boolean): void {
    if (!this.open) return;
    this.open = false;
    const playbackPosition = this.segmentMs / 1000;
    this.segmentMs = 0;
    if (this.pendingPlayoutSegments > 0) this.onPlaybackFinished({ playbackPosition, interrupted });
  }
}

/**
 * A recogniser that also takes typed words (`type`): they reach the session exactly as a final
 * transcript of the wrapped recogniser would (Swahili turns of `npx ratiba call --text`, the call
 * panel's text box and its recordings read by `recognize`). `onFinal` sees every final, typed or
 * heard, empty ones too (the caller said nothing we could read).
 */
export class TypedWordsStt implements SpeechToText {
  readonly name: string;
  private current: EventQueue<SttEvent> | null = null;

  constructor(
    private readonly heard: SpeechToText | null,
    private readonly onFinal: (text: string) => void = () => {},
  ) {
    this.name = heard ? `${heard.name}+typed` : 'typed';
  }

  stream(options: { languages: readonly Language[] }): SttStream {
    const events = new EventQueue<SttEvent>();
    this.current = events;
    const inner = this.heard?.stream(options);
    const pump = (async () => {
      if (!inner) return;
      for await (const e of inner.events) this.forward(events, e);
    })();
    return {
      events,
      push: (frame) => inner?.push(frame),
      end: () => {
        inner?.end();
        void pump.finally(() => events.close());
      },
    };
  }

  /** The caller's words as if they had just been said and recognised. */
  type(text: string, language?: Language): void {
    const events = this.current;
    if (!events) throw new Error('the call is not listening yet');
    events.push({ type: 'speech_started' });
    this.forward(events, { type: 'final', text, ...(language ? { language } : {}) });
  }

  private forward(events: EventQueue<SttEvent>, e: SttEvent): void {
    events.push(e);
    if (e.type === 'final') this.onFinal(e.text.trim());
  }
}
