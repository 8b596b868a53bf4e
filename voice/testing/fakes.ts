/**
 * Fakes of the call pipeline's ports for tests and the benchmark: a manual clock, a TTS that
 * makes a fixed amount of audio per word, an output that plays in (manual or real) time, and a
 * bridge whose answers the test controls. Never imported by production code.
 */
import type { OutboundMessage } from '../../contract';
import { durationMs, toFrames, type AudioFrame } from '../audio';
import type { CallRoute } from '../livekit/sip-call';
import type {
  AudioOutput,
  CallInfo,
  SynthesisOptions,
  TextToSpeech,
  TurnBridge,
  TurnResult,
  VoiceClock,
} from '../ports';

const RATE = 16_000;

/** Timers fire only when the test advances time. */
export class ManualClock implements VoiceClock {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 0;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return { cancel: () => (this.timers = this.timers.filter((x) => x.id !== id)) };
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

/** Lets every pending promise chain run (a few macrotask turns). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** `msPerWord` of a 440 Hz-ish square wave per word, at once (zero latency) or after `latencyMs`. */
export class FakeTts implements TextToSpeech {
  readonly name = 'fake';
  readonly requests: { text: string; options: SynthesisOptions; at: number }[] = [];

  constructor(
    private readonly clock: VoiceClock,
    private readonly msPerWord = 300,
  ) {}

  async *synthesize(text: string, options: SynthesisOptions, signal: AbortSignal) {
    this.requests.push({ text, options, at: this.clock.now() });
    const words = text.split(/\s+/).filter(Boolean).length;
    const n = Math.round(((words * this.msPerWord) / 1000 / options.rate) * RATE);
    const samples = new Int16Array(n).map((_, i) => (i % 36 < 18 ? 8000 : -8000));
    for (const frame of toFrames(samples, RATE)) {
      await Promise.resolve();
      if (signal.aborted) return;
      yield frame;
    }
  }
}

/** Plays each frame for its duration on `clock`; `clear()` drops what is playing at once. */
export class FakeOutput implements AudioOutput {
  playedMs = 0;
  readonly clears: number[] = [];
  closed = false;
  private pending: { resolve: () => void; cancel: () => void } | null = null;

  constructor(private readonly clock: VoiceClock) {}

  write(frame: AudioFrame): Promise<void> {
    if (this.closed) return Promise.reject(new Error('audio output closed'));
    return new Promise((resolve) => {
      const t = this.clock.setTimeout(() => {
        this.pending = null;
        this.playedMs += durationMs(frame);
        resolve();
      }, durationMs(frame));
      this.pending = { resolve, cancel: () => t.cancel() };
    });
  }

  clear(): void {
    this.clears.push(this.clock.now());
    const p = this.pending;
    this.pending = null;
    p?.cancel();
    p?.resolve();
  }

  /** The room went away (the caller hung up): writes fail from now on. */
  close(): void {
    this.closed = true;
    this.clear();
  }
}

type Answer = TurnResult | Promise<TurnResult>;

/** A bridge whose replies come from `answer` (a function of the turn); records every call. */
export class FakeBridge implements TurnBridge {
  readonly said: { seq: number; text: string; replyId?: string }[] = [];
  readonly unheardTexts: string[] = [];
  readonly ended: string[] = [];

  constructor(
    public answer: (turn: { seq: number; text: string; replyId?: string }) => Answer = () => ({
      status: 'ok',
      replies: [],
    }),
    public greeting: OutboundMessage[] = [{ kind: 'text', text: 'Hello! How can I help?' }],
  ) {}

  start(_call: CallInfo): Promise<TurnResult> {
    return Promise.resolve({ status: 'ok', replies: this.greeting });
  }

  say(_call: CallInfo, turn: { seq: number; text: string; replyId?: string }) {
    this.said.push(turn);
    return Promise.resolve(this.answer(turn));
  }

  unheard(_call: CallInfo, turn: { seq: number; text: string }): Promise<void> {
    this.unheardTexts.push(turn.text);
    return Promise.resolve();
  }

  end(_call: CallInfo, info: { reason: string }): Promise<void> {
    this.ended.push(info.reason);
    return Promise.resolve();
  }
}

export const text = (t: string): OutboundMessage => ({ kind: 'text', text: t });

/** Resolves after `ms` on `clock` with `value`. */
export function after<T>(clock: VoiceClock, ms: number, value: T): Promise<T> {
  return new Promise((r) => clock.setTimeout(() => r(value), ms));
}

/** Everything an async iterable yields, once it ends. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The demo tenant's line as a call route (English first, no cloud voices, no grammar words). */
export const DEMO_ROUTE: CallRoute = {
  tenant: 'demo',
  timezone: 'Africa/Nairobi',
  languages: ['en', 'sw'],
  voices: {},
  vocabulary: { services: [], staff: [] },
};
