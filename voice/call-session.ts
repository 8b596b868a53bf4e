import type { Language } from '../contract';
import { defaultGreeting, fillerPhrase, stillWorkingPhrase } from './filler';
import { Playout, type SpeakOutcome } from './playout';
import type {
  AudioOutput,
  CallInfo,
  SttEvent,
  TextToSpeech,
  TurnBridge,
  TurnResult,
  VoiceClock,
} from './ports';
import { joinMeridiem, type ChoiceMatcher } from './spoken-choice';
import { renderSpeech, type SpokenChoice } from './speech-rendering';
import { SpeakingRate, wordCount, type SpeakingRateOptions } from './speaking-rate';
import type { CallTimings, TranscriptEntry } from './call-types';

export type { CallTimings, TranscriptEntry } from './call-types';

export interface CallSessionOptions {
  /** The language until the caller or the thread shows another. */
  language: Language;
  /** Speak a filler when the reply is not ready this long after the caller stopped. */
  fillerAfterMs: number;
  /** Interim words that count as the caller talking over us; 0: voice activity alone does. */
  bargeInMinWords: number;
  /** The tenant's voice per language (provider ids). */
  voices: Partial<Record<Language, string>>;
  rate: Partial<SpeakingRateOptions>;
}

export const DEFAULT_CALL_SESSION_OPTIONS: CallSessionOptions = {
  language: 'en',
  fillerAfterMs: 700,
  bargeInMinWords: 1,
  voices: {},
  rate: {},
};

export interface CallSessionDeps {
  call: CallInfo;
  bridge: TurnBridge;
  tts: TextToSpeech;
  output: AudioOutput;
  matcher: ChoiceMatcher;
  /** The language of a piece of text (the caller's words, the thread's replies). */
  detectLanguage(text: string): Language | null;
  clock: VoiceClock;
  onTranscript?(entry: TranscriptEntry): void;
  onError?(err: unknown, where: string): void;
}

/**
 * One phone call: the caller's final transcripts go to their thread actor through the bridge
 * (durable, channel 'voice'), the replies come back as sentences for TTS. The conversation feel
 * lives here: the filler clock, barge-in, the WPM-adaptive rate, spoken choices, and a hang-up
 * that may come at any moment without anything throwing.
 */
export class CallSession {
  readonly transcript: TranscriptEntry[] = [];
  readonly timings: CallTimings = { finalToFirstTts: [], bargeIn: [], fillerStart: [] };
  readonly rate: SpeakingRate;
  private readonly o: CallSessionOptions;
  private readonly playout: Playout;
  private lang: Language;
  private choices: SpokenChoice[] = [];
  private seq = 0;
  private fillers = 0;
  private speech: Promise<void> = Promise.resolve();
  private ended = false;
  private speechStartedAt: number | null = null;
  private firstTtsOf: number | null = null;
  /** `unheard` reports still on their way (the call's end is delivered after them). */
  private readonly notes = new Set<Promise<void>>();

  constructor(
    private readonly deps: CallSessionDeps,
    options: Partial<CallSessionOptions> = {},
  ) {
    this.o = { ...DEFAULT_CALL_SESSION_OPTIONS, ...options };
    this.lang = this.o.language;
    this.rate = new SpeakingRate(this.o.rate);
    this.playout = new Playout(
      deps.tts,
      deps.output,
      () => ({
        language: this.lang,
        rate: this.rate.rate,
        ...(this.o.voices[this.lang] ? { voice: this.o.voices[this.lang] } : {}),
      }),
      {
        onTtsRequest: () => {
          if (this.firstTtsOf === null) return;
          this.timings.finalToFirstTts.push(deps.clock.now() - this.firstTtsOf);
          this.firstTtsOf = null;
        },
        onError: (err) => deps.onError?.(err, 'playout'),
      },
    );
  }

  get language(): Language {
    return this.lang;
  }

  /** The choices the caller was last offered (what "two" means now). */
  get currentChoices(): readonly SpokenChoice[] {
    return this.choices;
  }

  get isSpeaking(): boolean {
    return this.playout.speaking;
  }

  /** The call was answered: the thread's greeting (or "shall we go on?") is spoken. */
  async start(): Promise<void> {
    const result = await this.deps.bridge.start(this.deps.call).catch((err: unknown) => {
      this.deps.onError?.(err, 'start');
      return { status: 'error', replies: [] } satisfies TurnResult;
    });
    await this.queueReplies(Promise.resolve(result), null);
  }

  handle(e: SttEvent): void {
    if (this.ended) return;
    const now = this.deps.clock.now();
    switch (e.type) {
      case 'speech_started':
        this.speechStartedAt = now;
        if (this.o.bargeInMinWords === 0) this.bargeIn(now);
        return;
      case 'interim':
        if (wordCount(e.text) >= Math.max(1, this.o.bargeInMinWords)) this.bargeIn(now);
        return;
      case 'final':
        this.onFinal(e, now);
        return;
      case 'speech_ended':
        return;
    }
  }

  /** The caller hung up. Never throws; what we were saying is recorded as not heard. */
  async hangUp(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.playout.close();
    await this.speech;
    await Promise.all(this.notes);
    await this.deps.bridge
      .end(this.deps.call, { reason: 'hangup' })
      .catch((err: unknown) => this.deps.onError?.(err, 'end'));
  }

  /** We end the call after everything queued was said. */
  async finish(): Promise<void> {
    if (this.ended) return;
    await this.speech;
    this.ended = true;
    this.playout.close();
    await Promise.all(this.notes);
    await this.deps.bridge
      .end(this.deps.call, { reason: 'agent' })
      .catch((err: unknown) => this.deps.onError?.(err, 'end'));
  }

  /** Resolves when everything queued so far was spoken (or given up). */
  idle(): Promise<void> {
    return this.speech;
  }

  private bargeIn(detectedAt: number): void {
    if (!this.playout.speaking) return;
    this.playout.interrupt();
    this.timings.bargeIn.push(this.deps.clock.now() - detectedAt);
  }

  private onFinal(e: Extract<SttEvent, { type: 'final' }>, now: number): void {
    const text = joinMeridiem(e.text.trim());
    if (!text) return;
    this.bargeIn(now);
    const seq = ++this.seq;
    const speechMs = e.speechMs ?? (this.speechStartedAt !== null ? now - this.speechStartedAt : 0);
    this.speechStartedAt = null;
    this.rate.observe(wordCount(text), speechMs);
    this.lang = e.language ?? this.deps.detectLanguage(text) ?? this.lang;
    const choice = this.deps.matcher.match(text, this.choices, this.lang);
    this.record({ who: 'caller', text, seq, ...(choice ? { choice: choice.n } : {}), at: now });
    let ready = false;
    const delivery = this.deps.bridge
      .say(this.deps.call, { seq, text, ...(choice ? { replyId: choice.id } : {}) })
      .catch((err: unknown): TurnResult => {
        this.deps.onError?.(err, 'say');
        return { status: 'error', replies: [] };
      })
      .finally(() => (ready = true));
    const filler = this.deps.clock.setTimeout(() => {
      if (ready || this.ended) return;
      this.timings.fillerStart.push(this.deps.clock.now() - now);
      void this.say([fillerPhrase(this.lang, this.fillers++)], true);
    }, this.o.fillerAfterMs);
    void delivery.then(() => filler.cancel());
    void this.queueReplies(delivery, now);
  }

  /** Speaks a turn's replies after everything queued before them. */
  private queueReplies(delivery: Promise<TurnResult>, finalAt: number | null): Promise<void> {
    const run = this.speech.then(async () => {
      const result = await delivery;
      if (this.ended) {
        for (const s of renderSpeech(result.replies, this.lang).sentences) this.agent(s, 'no');
        return;
      }
      const replyText = result.replies.map((m) => m.text).join(' ');
      const lang = this.deps.detectLanguage(replyText) ?? this.lang;
      const spoken = renderSpeech(result.replies, lang);
      this.choices = spoken.choices;
      let sentences = spoken.sentences;
      if (!sentences.length)
        sentences = [
          result.status === 'timeout'
            ? stillWorkingPhrase(lang)
            : finalAt === null
              ? defaultGreeting(lang)
              : '',
        ].filter(Boolean);
      if (finalAt !== null) this.firstTtsOf = finalAt;
      await this.say(sentences, false);
    });
    this.speech = run.catch((err: unknown) => this.deps.onError?.(err, 'speech'));
    return this.speech;
  }

  private async say(sentences: string[], filler: boolean): Promise<SpeakOutcome> {
    const out = await this.playout.speak(sentences);
    for (const s of out.heard) this.agent(s, 'yes', filler);
    if (out.cut) this.agent(out.cut.text, 'partly', filler);
    for (const s of out.unheard) this.agent(s, 'no', filler);
    const missed = [...(out.cut ? [out.cut.text] : []), ...out.unheard];
    if (missed.length && !filler) {
      const note = this.deps.bridge
        .unheard(this.deps.call, { seq: this.seq, text: missed.join(' ') })
        .catch((err: unknown) => this.deps.onError?.(err, 'unheard'));
      this.notes.add(note);
      void note.finally(() => this.notes.delete(note));
    }
    return out;
  }

  private agent(text: string, heard: 'yes' | 'partly' | 'no', filler = false): void {
    this.record({
      who: 'agent',
      text,
      heard,
      ...(filler ? { filler } : {}),
      at: this.deps.clock.now(),
    });
  }

  private record(entry: TranscriptEntry): void {
    this.transcript.push(entry);
    this.deps.onTranscript?.(entry);
  }
}
