/** The call's record and timings, shared by every call engine, the CLI, the console and the benchmark. */

export type TranscriptEntry =
  | { who: 'caller'; text: string; seq: number; choice?: number; at: number }
  | {
      who: 'agent';
      text: string;
      /** `partly`: cut off by barge-in or hang-up; `no`: never played. */
      heard: 'yes' | 'partly' | 'no';
      filler?: boolean;
      at: number;
    };

/** Latencies the benchmark reads (ms, from the session's clock). */
export interface CallTimings {
  /** Final transcript -> first TTS request of that turn's reply. */
  finalToFirstTts: number[];
  /** Caller speech detected -> our audio stopped. */
  bargeIn: number[];
  /** Final transcript -> filler's TTS request (only when a filler was needed). */
  fillerStart: number[];
}
