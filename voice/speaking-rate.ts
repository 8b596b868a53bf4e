/**
 * WPM-adaptive speaking rate: the caller's words per minute, measured over their utterances,
 * moves our speaking rate towards theirs within the tenant's bounds (a fast talker gets a
 * brisker agent, a slow one a calmer agent; nobody gets a chipmunk).
 */
export interface SpeakingRateOptions {
  /** The pace the voices speak at rate 1. */
  baseWpm: number;
  minRate: number;
  maxRate: number;
  /** Weight of the newest utterance in the running average (0..1). */
  smoothing: number;
  /** Shorter utterances ("yes") say little about pace and are not counted. */
  minWords: number;
  minSpeechMs: number;
}

export const DEFAULT_SPEAKING_RATE_OPTIONS: SpeakingRateOptions = {
  baseWpm: 150,
  minRate: 0.85,
  maxRate: 1.2,
  smoothing: 0.5,
  minWords: 3,
  minSpeechMs: 600,
};

export class SpeakingRate {
  private readonly o: SpeakingRateOptions;
  private wpmAvg: number | null = null;

  constructor(options: Partial<SpeakingRateOptions> = {}) {
    this.o = { ...DEFAULT_SPEAKING_RATE_OPTIONS, ...options };
    if (!(this.o.minRate > 0 && this.o.minRate <= this.o.maxRate))
      throw new Error('speaking rate bounds must satisfy 0 < minRate <= maxRate');
  }

  /** One utterance of the caller: `words` spoken over `speechMs`. */
  observe(words: number, speechMs: number): void {
    if (words < this.o.minWords || !(speechMs >= this.o.minSpeechMs)) return;
    const wpm = (words * 60_000) / speechMs;
    this.wpmAvg = this.wpmAvg === null ? wpm : this.wpmAvg + this.o.smoothing * (wpm - this.wpmAvg);
  }

  /** The caller's measured pace (null until an utterance long enough was heard). */
  get callerWpm(): number | null {
    return this.wpmAvg;
  }

  /** Our rate: the caller's pace relative to the base, clamped to the bounds. */
  get rate(): number {
    if (this.wpmAvg === null) return 1;
    const r = this.wpmAvg / this.o.baseWpm;
    return Math.min(this.o.maxRate, Math.max(this.o.minRate, Math.round(r * 100) / 100));
  }
}

export const wordCount = (text: string): number =>
  text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
