import type { Language, OutboundMessage } from '../contract';
import type { AudioFrame } from './audio';

/**
 * The call pipeline's ports. Each has a cloud implementation (Deepgram, ElevenLabs, a LiveKit
 * room), an offline one (pocketsphinx, espeak-ng, a WAV file) and fakes for tests; the call
 * session only sees these interfaces.
 */

/** What speech recognition tells the call session, in the order it happens. */
export type SttEvent =
  /** Voice activity started (the caller is talking; may still be noise). */
  | { type: 'speech_started' }
  /** Words recognised so far in the current utterance (may change). */
  | { type: 'interim'; text: string }
  /** The utterance's final words. `speechMs`: how long the caller spoke them. */
  | { type: 'final'; text: string; speechMs?: number; language?: Language }
  | { type: 'speech_ended' };

export interface SttStream {
  push(frame: AudioFrame): void;
  /** No more audio: the stream flushes what it heard and then ends `events`. */
  end(): void;
  readonly events: AsyncIterable<SttEvent>;
}

export interface SpeechToText {
  readonly name: string;
  stream(options: { languages: readonly Language[] }): SttStream;
}

export interface SynthesisOptions {
  language: Language;
  /** Provider voice id (the tenant's, per language); the provider's default when absent. */
  voice?: string;
  /** Speaking rate relative to the voice's normal pace (1 = normal). */
  rate: number;
}

export interface TextToSpeech {
  readonly name: string;
  /** Audio of `text` as it is produced; stops early (without throwing) when `signal` aborts. */
  synthesize(
    text: string,
    options: SynthesisOptions,
    signal: AbortSignal,
  ): AsyncIterable<AudioFrame>;
}

/** A caller's call, as the runtime knows it. */
export interface CallInfo {
  tenant: string;
  /** The caller's number (E.164): the same thread as their WhatsApp chat. */
  from: string;
  /** Unique per call: event ids of the call's turns derive from it (a retry is a no-op). */
  callId: string;
}

export interface TurnResult {
  /** `timeout`: the turn is durable but its replies did not come in time (they still will). */
  status: 'ok' | 'error' | 'timeout';
  replies: OutboundMessage[];
}

/** The call's door into the caller's thread actor (through the durable mailbox). */
export interface TurnBridge {
  /** The call started: the thread greets, or offers to go on with a chat's booking. */
  start(call: CallInfo): Promise<TurnResult>;
  /** One final transcript (`seq` numbers the call's utterances), answered with its replies. */
  say(call: CallInfo, turn: { seq: number; text: string; replyId?: string }): Promise<TurnResult>;
  /** Our words the caller did not hear (barge-in or hang-up), for the thread's record. */
  unheard(call: CallInfo, turn: { seq: number; text: string }): Promise<void>;
  /** The call ended (follow-ups go to the chat channel). */
  end(call: CallInfo, info: { reason: 'hangup' | 'agent' | 'error' }): Promise<void>;
}

/** What the language understanding reads in a few spoken words. */
export interface UtteranceReading {
  language: Language;
  /** HH:MM when a time was said ("three pm", "saa tisa"). */
  time?: string;
  /** 1-based, when a choice was said ("two", "the second one", "ya pili"). */
  choice?: number;
}

/**
 * The understanding the call pipeline borrows (the runtime gives the embedded parser's):
 * `previous` is the language so far, kept for words with no language of their own.
 */
export type UtteranceReader = (text: string, previous: Language) => UtteranceReading;

/** Time for the session (tests use a fake one). */
export interface VoiceClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: VoiceClock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
};
