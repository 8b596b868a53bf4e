/**
 * Audio input and output of our own for an `AgentSession` (the call without a LiveKit room), for
 * the tests and the benchmark. Never imported by production code.
 */
import { voice } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';

/** The caller's microphone: 20 ms frames of silence (or what `say` queues) while the call is on. */
export class Mic extends voice.AudioInput {
  private ctl!: ReadableStreamDefaultController<AudioFrame>;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly queued: AudioFrame[] = [];
  constructor(private readonly sampleRate = 16_000) {
    super();
    this.multiStream.addInputStream(new ReadableStream({ start: (c) => void (this.ctl = c) }));
    const n = sampleRate / 50;
    this.timer = setInterval(() => {
      const f = this.queued.shift() ?? new AudioFrame(new Int16Array(n), sampleRate, 1, n);
      this.ctl.enqueue(f);
    }, 20);
  }
  /** Frames the caller says, one per tick (20 ms frames play in real time). */
  say(frames: Iterable<AudioFrame>): void {
    this.queued.push(...frames);
  }
  get speaking(): boolean {
    return this.queued.length > 0;
  }
  stop() {
    clearInterval(this.timer);
  }
}

/**
 * Plays what it is given in real time (or at once: `realtime: false`); `clearBuffer` (an
 * interruption) stops it at once. `holdAtMs`: playback stalls that far into a segment, so an
 * interruption's playback position is known exactly.
 */
export class Speaker extends voice.AudioOutput {
  readonly clears: number[] = [];
  readonly frames: AudioFrame[] = [];
  playedMs = 0;
  holdAtMs: number | null = null;
  /** The session let go of this output (it closed). */
  detached = false;
  private startedAt: number | null = null;
  private queuedMs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    sampleRate = 16_000,
    private readonly realtime = true,
  ) {
    super(sampleRate);
  }
  override async captureFrame(f: AudioFrame): Promise<void> {
    await super.captureFrame(f);
    this.frames.push(f);
    if (this.startedAt === null) {
      this.startedAt = performance.now();
      this.onPlaybackStarted(Date.now());
    }
    this.queuedMs += (f.samplesPerChannel / f.sampleRate) * 1000;
  }
  /** Milliseconds of the current segment played so far. */
  get positionMs(): number {
    if (this.startedAt === null) return 0;
    const elapsed = this.realtime ? performance.now() - this.startedAt : this.queuedMs;
    return Math.min(this.queuedMs, elapsed, this.holdAtMs ?? Infinity);
  }
  get playing(): boolean {
    return this.pendingPlayoutSegments > 0;
  }
  override flush(): void {
    super.flush();
    if (this.startedAt === null) return;
    clearTimeout(this.timer);
    if (!this.realtime) return this.finish(false);
    if (this.holdAtMs !== null && this.holdAtMs < this.queuedMs) return;
    const left = this.queuedMs - (performance.now() - this.startedAt);
    this.timer = setTimeout(() => this.finish(false), Math.max(0, left));
  }
  override onDetached(): void {
    super.onDetached();
    this.detached = true;
  }
  override clearBuffer(): void {
    this.clears.push(performance.now());
    clearTimeout(this.timer);
    if (this.startedAt !== null) this.finish(true);
  }
  private finish(interrupted: boolean): void {
    const played = this.positionMs;
    this.playedMs += played;
    this.startedAt = null;
    this.queuedMs = 0;
    if (this.pendingPlayoutSegments > 0)
      this.onPlaybackFinished({ playbackPosition: played / 1000, interrupted });
  }
}
