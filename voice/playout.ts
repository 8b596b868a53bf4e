import { durationMs } from './audio';
import type { AudioOutput, SynthesisOptions, TextToSpeech } from './ports';

const ESTIMATE_WPM = 150;

/** What became of one `speak`: which words the caller heard and which they did not. */
export interface SpeakOutcome {
  heard: string[];
  /** The sentence cut off by a barge-in or hang-up, with the share of its audio that played. */
  cut?: { text: string; playedShare: number };
  unheard: string[];
}

export interface PlayoutHooks {
  /** A sentence's TTS request went out (the benchmark's "first TTS request"). */
  onTtsRequest?(text: string): void;
  /** A provider or output failed: the sentence counts as unheard, the call goes on. */
  onError?(err: unknown, text: string): void;
}

/**
 * Our side of the call's audio: sentences are synthesized one at a time (the first starts
 * playing while the rest are still text) and played in the order `speak` was called.
 * `interrupt()` (barge-in) stops the audio at once and drops everything queued; `close()`
 * (hang-up) does the same for good. Neither ever throws at a caller of `speak`, which always
 * resolves with what was and was not heard.
 */
export class Playout {
  private tail: Promise<unknown> = Promise.resolve();
  /** Bumped by interrupt(): speech queued before it is not played. */
  private epoch = 0;
  private current: AbortController | null = null;
  private closed = false;
  private active = 0;

  constructor(
    private readonly tts: TextToSpeech,
    private readonly output: AudioOutput,
    private readonly options: () => SynthesisOptions,
    private readonly hooks: PlayoutHooks = {},
  ) {}

  /** True while anything of ours is being played or waits to be. */
  get speaking(): boolean {
    return this.active > 0;
  }

  speak(sentences: readonly string[]): Promise<SpeakOutcome> {
    const epoch = this.epoch;
    this.active++;
    const run = this.tail.then(() => this.play(sentences, epoch));
    this.tail = run.catch(() => undefined);
    return run.finally(() => this.active--);
  }

  /** Barge-in: stop now; what is playing or queued is not heard. */
  interrupt(): void {
    this.epoch++;
    this.current?.abort();
    if (!this.closed) this.output.clear();
  }

  /** Hang-up: stop for good; later `speak` calls resolve at once with nothing heard. */
  close(): void {
    this.closed = true;
    this.interrupt();
  }

  private async play(sentences: readonly string[], epoch: number): Promise<SpeakOutcome> {
    const out: SpeakOutcome = { heard: [], unheard: [] };
    for (const text of sentences) {
      if (this.closed || epoch !== this.epoch) {
        out.unheard.push(text);
        continue;
      }
      const share = await this.playSentence(text);
      if (share >= 1) out.heard.push(text);
      else if (share > 0) out.cut = { text, playedShare: share };
      else out.unheard.push(text);
    }
    return out;
  }

  /** Plays one sentence; the share of its audio that was played (1 = all of it). */
  private async playSentence(text: string): Promise<number> {
    const ac = new AbortController();
    this.current = ac;
    let played = 0;
    let total = 0;
    try {
      this.hooks.onTtsRequest?.(text);
      for await (const frame of this.tts.synthesize(text, this.options(), ac.signal)) {
        if (ac.signal.aborted) break;
        const ms = durationMs(frame);
        total += ms;
        await this.output.write(frame);
        if (ac.signal.aborted) break;
        played += ms;
      }
    } catch (err) {
      if (!ac.signal.aborted) this.hooks.onError?.(err, text);
      return 0;
    } finally {
      if (this.current === ac) this.current = null;
    }
    if (!ac.signal.aborted) return played > 0 ? 1 : 0;
    // Cut off: the sentence's full length is estimated when its audio was not all made yet.
    const words = text.split(/\s+/).filter(Boolean).length;
    const estimate = (words * 60_000) / (ESTIMATE_WPM * this.options().rate);
    const length = Math.max(total, estimate);
    return length > 0 ? Math.min(played / length, 0.99) : 0;
  }
}
