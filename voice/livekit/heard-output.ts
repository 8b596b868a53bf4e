/**
 * What the caller actually heard of an interrupted reply, for an `AgentSession` whose audio
 * output is one of our own (tests, `npx ratiba call`, the console). The session records an
 * interrupted reply as the `synchronizedTranscript` its audio output reports with the playback
 * position; in a LiveKit room RoomIO's transcription synchronizer reports it, an output of our
 * own reports none (the session would then count the whole reply as heard). This decorator
 * reports it from the TTS's own timing: the session's sentence TTS marks the first frame of each
 * sentence (`lk.timed_transcripts`), so each sentence's start and length in the played audio are
 * known; at the cut, the sentences before it were heard, and of the sentence it falls in, the
 * words before it (weighted by their letters).
 */
import { USERDATA_TIMED_TRANSCRIPT, voice } from '@livekit/agents';
import { AudioResampler, type AudioFrame } from '@livekit/rtc-node';

interface Sentence {
  text: string;
  /** Seconds from the start of the playback segment. */
  start: number;
  seconds: number;
}

interface Segment {
  sentences: Sentence[];
  seconds: number;
}

const markerTexts = (frame: AudioFrame): string[] => {
  const marks = frame.userdata[USERDATA_TIMED_TRANSCRIPT];
  if (!Array.isArray(marks)) return [];
  return marks.flatMap((m: unknown) =>
    typeof m === 'object' && m !== null && typeof (m as { text?: unknown }).text === 'string'
      ? [(m as { text: string }).text]
      : [],
  );
};

/** The words of `sentences` played by `position` seconds into their segment. */
export function heardText(sentences: readonly Sentence[], position: number): string {
  const heard: string[] = [];
  for (const s of sentences) {
    const words = s.text.trim().split(/\s+/).filter(Boolean);
    if (s.start + s.seconds <= position + 1e-3) {
      heard.push(...words);
      continue;
    }
    if (s.start >= position || s.seconds <= 0) break;
    const letters = words.reduce((n, w) => n + w.length, 0);
    const played = ((position - s.start) / s.seconds) * letters;
    let sum = 0;
    for (const w of words) {
      sum += w.length;
      if (sum > played + 1e-6) break;
      heard.push(w);
    }
    break;
  }
  return heard.join(' ');
}

/**
 * Our audio output as the session sees it: frames pass to `next` (resampled to its rate: the
 * session would resample them itself and lose the sentence marks), and an interrupted segment's
 * playback event carries what was heard. `onClear`: the session stopped our audio (barge-in).
 */
export class HeardAudioOutput extends voice.AudioOutput {
  /** Segments captured and not yet reported finished, oldest first. */
  private readonly segments: Segment[] = [];
  private capturing: Segment | null = null;
  private resampler: AudioResampler | null = null;
  /** A flush's last resampled frames on their way to `next` (the next segment waits for them). */
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly next: voice.AudioOutput,
    private readonly onClear: () => void = () => {},
  ) {
    super(undefined, next);
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await this.flushing;
    await super.captureFrame(frame);
    if (!this.capturing) {
      this.capturing = { sentences: [], seconds: 0 };
      this.segments.push(this.capturing);
    }
    const seg = this.capturing;
    for (const text of markerTexts(frame))
      seg.sentences.push({ text, start: seg.seconds, seconds: 0 });
    const seconds = frame.samplesPerChannel / frame.sampleRate;
    seg.seconds += seconds;
    const last = seg.sentences.at(-1);
    if (last) last.seconds += seconds;
    for (const f of this.resample(frame)) await this.next.captureFrame(f);
  }

  override flush(): void {
    super.flush();
    this.capturing = null;
    const rest = this.resampler?.flush() ?? [];
    if (!rest.length) return this.next.flush();
    this.flushing = (async () => {
      for (const f of rest) await this.next.captureFrame(f);
      this.next.flush();
    })();
  }

  override clearBuffer(): void {
    this.onClear();
    this.resampler?.close();
    this.resampler = null;
    this.next.clearBuffer();
  }

  override onPlaybackFinished(ev: voice.PlaybackFinishedEvent): void {
    const seg = this.segments.shift();
    if (ev.interrupted && seg?.sentences.length && ev.synchronizedTranscript === undefined)
      ev = { ...ev, synchronizedTranscript: heardText(seg.sentences, ev.playbackPosition) };
    super.onPlaybackFinished(ev);
  }

  private resample(frame: AudioFrame): AudioFrame[] {
    const rate = this.next.sampleRate;
    if (!rate || rate === frame.sampleRate) return [frame];
    this.resampler ??= new AudioResampler(frame.sampleRate, rate, frame.channels);
    return this.resampler.push(frame);
  }
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);

/**
 * What of `full` (what we generated) follows `said` (what the session says was heard): word by
 * word, so the spacing of the session's pieces does not matter; all of it when they disagree.
 */
export function unheardRest(full: string, said: string): string {
  const f = words(full);
  const s = words(said);
  if (s.every((w, i) => f[i] === w)) return f.slice(s.length).join(' ');
  return full.startsWith(said) ? full.slice(said.length).trim() : full.trim();
}
