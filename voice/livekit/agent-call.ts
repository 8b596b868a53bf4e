/**
 * A phone call on LiveKit Agents' `AgentSession` (README "Voice"): the session owns turn-taking
 * and interruptions (caller speech during our playback stops it: barge-in), its "LLM" is the
 * caller's thread actor (thread-llm.ts), its STT and TTS are our ports (port-plugins.ts) or a
 * LiveKit plugin (Deepgram). The conversation feel rides on the session's hooks: the filler
 * leads the reply when the thread is slow, the speaking rate follows the caller's words per
 * minute, and what an interruption cut off is recorded as not heard.
 */
import { FlushSentinel, stt as agentsStt, voice, type VAD } from '@livekit/agents';
import type { Language } from '../../contract';
import type { CallTimings, TranscriptEntry } from '../call-types';
import { defaultGreeting, fillerPhrase, stillWorkingPhrase } from '../filler';
import { createLanguageDetector, memoReader } from '../language';
import type { CallInfo, TurnBridge, TurnResult, UtteranceReader } from '../ports';
import { createChoiceMatcher, joinMeridiem, type ChoiceMatcher } from '../spoken-choice';
import { renderSpeech, type SpokenChoice } from '../speech-rendering';
import { SpeakingRate, wordCount, type SpeakingRateOptions } from '../speaking-rate';
import { PortStt, PortTts } from './port-plugins';
import type { CallRoute } from './sip-call';
import { ThreadAgent, ThreadLLM } from './thread-llm';
import { startOn, type AgentCallIo, type CallVoices } from './session-io';
import { Utterances } from './utterances';

export interface AgentCallDeps {
  bridge: TurnBridge;
  voices: CallVoices;
  read: UtteranceReader;
  /** Speak a filler when the thread has not answered this long after the caller's turn. */
  fillerAfterMs?: number;
  rate?: Partial<SpeakingRateOptions>;
  /**
   * The session's VAD (else the voices'). None by default: the STT's own speech starts and
   * interim words drive the turns and barge-in (pocketsphinx has an energy VAD).
   */
  vad?: VAD;
  /** The sample rate of the TTS's frames (the session's output resamples as needed). */
  ttsSampleRate?: number;
  onTranscript?(entry: TranscriptEntry): void;
  onError?(err: unknown, where: string): void;
}

export class AgentCall {
  readonly session: voice.AgentSession;
  readonly transcript: TranscriptEntry[] = [];
  readonly timings: CallTimings = { finalToFirstTts: [], bargeIn: [], fillerStart: [] };
  readonly rate: SpeakingRate;
  /** Resolves when the session closed (the caller left the room, or `hangUp`). */
  readonly closed: Promise<void>;
  private lang: Language;
  private choices: SpokenChoice[] = [];
  private seq = 0;
  private fillers = 0;
  /** The caller's last final transcript and first sign of speech (performance.now()). */
  private finalAt: number | null = null;
  private speechAt: number | null = null;
  /** The next TTS request measured: the filler's or the reply's, from the final transcript. */
  private awaitedTts: { at: number; filler: boolean } | null = null;
  private ended = false;
  private readonly notes = new Set<Promise<void>>();
  /** Each speech's words and what became of them (heard, cut off, never played). */
  private readonly said: Utterances;
  private readonly matcher: ChoiceMatcher;
  private readonly detect: (text: string) => Language | null;

  constructor(
    readonly call: CallInfo,
    readonly route: CallRoute,
    private readonly deps: AgentCallDeps,
  ) {
    this.lang = route.languages[0] ?? 'en';
    this.rate = new SpeakingRate(deps.rate);
    // Words are read once: a turn's language and choice read the caller's words alike, and the
    // thread's replies and their choices' titles come back turn after turn.
    const read = memoReader(deps.read);
    this.matcher = createChoiceMatcher({ read });
    this.detect = createLanguageDetector(read);
    const voices = deps.voices.voices;
    const stt = deps.voices.stt(this);
    this.session = new voice.AgentSession({
      stt: stt instanceof agentsStt.STT ? stt : new PortStt(stt, route.languages),
      tts: new PortTts(
        deps.voices.tts,
        deps.ttsSampleRate ?? 16_000,
        () => ({
          language: this.lang,
          rate: this.rate.rate,
          ...(voices[this.lang] ? { voice: voices[this.lang] } : {}),
        }),
        () => this.ttsRequested(),
      ),
      llm: new ThreadLLM((text) => this.respond(text)),
      vad: deps.vad ?? deps.voices.vad ?? null,
      turnHandling: {
        turnDetection: 'stt',
        endpointing: { minDelay: 0, maxDelay: 0.5 },
        // A reply is a durable turn of the thread: never started for words the caller may
        // still add to (a discarded preemptive reply would have reached the thread already).
        preemptiveGeneration: { enabled: false },
      },
      userAwayTimeout: null,
      // Barge-in from the first word: the session's default ignores the caller for our first
      // 3 s of speech (echo warm-up for open speakers); a phone leg has no such echo here.
      aecWarmupDuration: 0,
    });
    this.said = new Utterances(
      (line) => this.record({ ...line, at: performance.now() }),
      (seq, text) => this.reportUnheard(seq, text),
    );
    const S = voice.AgentSessionEventTypes;
    this.session.on(S.ConversationItemAdded, (ev) => this.said.heard(ev.item));
    this.session.on(S.Error, (ev) => deps.onError?.(ev.error, 'session'));
    this.session.on(S.SpeechCreated, (ev) =>
      this.said.created(ev.speechHandle, ev.source, this.seq),
    );
    this.session.on(S.UserStateChanged, (ev) => {
      if (ev.newState === 'speaking') this.speechAt ??= performance.now();
    });
    this.closed = new Promise((r) => this.session.once(S.Close, () => r()));
  }

  get language(): Language {
    return this.lang;
  }

  /** The choices the caller was last offered (what "two" means now). */
  get currentChoices(): readonly SpokenChoice[] {
    return this.choices;
  }

  /** Resolves when nothing of ours is being said or waits to be (its transcript is written). */
  idle(): Promise<void> {
    return this.said.idle();
  }

  /** Answers the call: the session starts on its audio, the thread greets (or offers to go on). */
  async start(io: AgentCallIo): Promise<void> {
    const agent = new ThreadAgent(
      (text) => this.respond(text),
      (ev) => this.callerSpeech(ev),
    );
    await startOn(this.session, agent, io, { listen: true, onClear: () => this.cleared() });
    this.session.output.audio?.on(voice.AudioOutput.EVENT_PLAYBACK_FINISHED, (ev) =>
      this.said.playbackFinished(ev as voice.PlaybackFinishedEvent),
    );
    const result = await this.deps.bridge.start(this.call).catch((err: unknown) => {
      this.deps.onError?.(err, 'start');
      return { status: 'error', replies: [] } satisfies TurnResult;
    });
    const greeting = this.spoken(result, defaultGreeting).join(' ');
    // The caller hung up while the thread greeted: the greeting was never heard.
    if (this.ended) return this.said.late(this.said.bind(0), greeting);
    this.said.says(this.session.say(greeting), greeting);
  }

  /** The caller hung up (or the room closed): never throws; the call's end reaches the thread. */
  async hangUp(reason: 'hangup' | 'agent' = 'hangup'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.said.close();
    await this.session.close().catch((err: unknown) => this.deps.onError?.(err, 'close'));
    this.said.closed();
    await Promise.all(this.notes);
    await this.deps.bridge
      .end(this.call, { reason })
      .catch((err: unknown) => this.deps.onError?.(err, 'end'));
  }

  /** One committed user turn: to the thread's mailbox; the filler leads if it is slow. */
  private async *respond(raw: string): AsyncIterable<string | FlushSentinel> {
    const text = joinMeridiem(raw);
    const at = this.finalAt ?? performance.now();
    this.finalAt = null;
    const seq = ++this.seq;
    const u = this.said.bind(seq);
    this.lang = this.detect(text) ?? this.lang;
    const choice = this.matcher.match(text, this.choices, this.lang);
    this.record({ who: 'caller', text, seq, ...(choice ? { choice: choice.n } : {}), at });
    const delivery = this.deps.bridge
      .say(this.call, { seq, text, ...(choice ? { replyId: choice.id } : {}) })
      .catch((err: unknown): TurnResult => {
        this.deps.onError?.(err, 'say');
        return { status: 'error', replies: [] };
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = Math.max(0, this.fillerMs - (performance.now() - at));
    const slow = new Promise<'slow'>((r) => (timer = setTimeout(r, wait, 'slow')));
    const first = await Promise.race([delivery, slow]);
    clearTimeout(timer);
    const gone = () => u.done || this.ended;
    if (first === 'slow' && !gone()) {
      this.awaitedTts = { at, filler: true };
      u.text = u.filler = fillerPhrase(this.lang, this.fillers++);
      yield u.filler;
      yield FlushSentinel;
    } else if (!gone()) this.awaitedTts = { at, filler: false };
    const sentences = this.spoken(await delivery, () => '');
    // The speech ended (the caller spoke over it, or hung up) before the thread answered.
    if (gone()) return this.said.late(u, sentences.join(' '));
    u.text = [u.text, ...sentences].filter(Boolean).join(' ');
    for (const s of sentences) yield s;
  }

  private get fillerMs(): number {
    return this.deps.fillerAfterMs ?? 700;
  }

  /** A turn's replies as sentences in their language (the choices offered are kept). */
  private spoken(result: TurnResult, none: (lang: Language) => string): string[] {
    const replyText = result.replies.map((m) => m.text).join(' ');
    this.lang = this.detect(replyText) ?? this.lang;
    const spoken = renderSpeech(result.replies, this.lang);
    if (result.replies.length) this.choices = spoken.choices;
    if (spoken.sentences.length) return spoken.sentences;
    const fallback = result.status === 'timeout' ? stillWorkingPhrase(this.lang) : none(this.lang);
    return fallback ? [fallback] : [];
  }

  /** The caller's speech as the session's STT node hears it: timings and the speaking rate. */
  private callerSpeech(ev: agentsStt.SpeechEvent): void {
    const T = agentsStt.SpeechEventType;
    const alt = ev.alternatives?.[0];
    const now = performance.now();
    if (ev.type === T.START_OF_SPEECH || (ev.type === T.INTERIM_TRANSCRIPT && alt?.text.trim()))
      this.speechAt ??= now;
    else if (ev.type === T.FINAL_TRANSCRIPT && alt?.text.trim()) {
      this.finalAt = now;
      this.speechAt = null;
      this.rate.observe(wordCount(alt.text), Math.max(0, alt.endTime - alt.startTime) * 1000);
    } else if (ev.type === T.END_OF_SPEECH) this.speechAt = null;
  }

  /** The session stopped our audio: after caller speech, that is a barge-in. */
  private cleared(): void {
    if (this.speechAt === null) return;
    this.timings.bargeIn.push(performance.now() - this.speechAt);
    this.speechAt = null;
  }

  private ttsRequested(): void {
    const awaited = this.awaitedTts;
    if (!awaited) return;
    this.awaitedTts = null;
    const ms = performance.now() - awaited.at;
    (awaited.filler ? this.timings.fillerStart : this.timings.finalToFirstTts).push(ms);
  }

  /** Our words the caller did not hear, to the thread's record (awaited by `hangUp`). */
  private reportUnheard(seq: number, text: string): void {
    const note = this.deps.bridge
      .unheard(this.call, { seq, text })
      .catch((err: unknown) => this.deps.onError?.(err, 'unheard'));
    this.notes.add(note);
    void note.finally(() => this.notes.delete(note));
  }

  private record(entry: TranscriptEntry): void {
    this.transcript.push(entry);
    this.deps.onTranscript?.(entry);
  }
}
