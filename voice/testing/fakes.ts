/**
 * Fakes of the call pipeline's ports for tests and the benchmark: a TTS that makes a fixed
 * amount of audio per word and a bridge whose answers the test controls (the session's audio
 * input and output are in agent-io.ts). Never imported by production code.
 */
import type { OutboundMessage } from '../../contract';
import { toFrames } from '../audio';
import { EventQueue } from '../event-queue';
import type { CallRoute } from '../livekit/sip-call';
import type {
  CallInfo,
  SpeechToText,
  SttEvent,
  SynthesisOptions,
  TextToSpeech,
  TurnBridge,
  TurnResult,
  VoiceClock,
} from '../ports';

const RATE = 16_000;

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

/** A recogniser whose events the test (or the benchmark) pushes into `events`. */
export function scriptedStt() {
  const events = new EventQueue<SttEvent>();
  const stt: SpeechToText = {
    name: 'scripted',
    stream: () => ({ events, push: () => {}, end: () => events.close() }),
  };
  return { stt, events };
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
