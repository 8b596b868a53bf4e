import { durationMs, level, type AudioFrame } from '../audio';

export interface EnergyVadOptions {
  /** RMS level (0..1) above which a frame is speech. */
  threshold: number;
  /** Speech this long starts an utterance (shorter blips are noise). */
  startMs: number;
  /** Quiet this long ends it. */
  endSilenceMs: number;
}

export const DEFAULT_ENERGY_VAD_OPTIONS: EnergyVadOptions = {
  threshold: 0.01,
  startMs: 60,
  endSilenceMs: 600,
};

/**
 * A plain energy voice-activity detector (the offline path's; the LiveKit worker uses Silero):
 * `push` says when an utterance starts and ends.
 */
export class EnergyVad {
  private readonly o: EnergyVadOptions;
  private speaking = false;
  private loudMs = 0;
  private quietMs = 0;

  constructor(options: Partial<EnergyVadOptions> = {}) {
    this.o = { ...DEFAULT_ENERGY_VAD_OPTIONS, ...options };
  }

  get inSpeech(): boolean {
    return this.speaking;
  }

  push(frame: AudioFrame): 'start' | 'end' | null {
    const ms = durationMs(frame);
    const loud = level(frame) >= this.o.threshold;
    if (!this.speaking) {
      this.loudMs = loud ? this.loudMs + ms : 0;
      if (this.loudMs >= this.o.startMs) {
        this.speaking = true;
        this.quietMs = 0;
        return 'start';
      }
      return null;
    }
    this.quietMs = loud ? 0 : this.quietMs + ms;
    if (this.quietMs >= this.o.endSilenceMs) {
      this.speaking = false;
      this.loudMs = 0;
      return 'end';
    }
    return null;
  }
}
