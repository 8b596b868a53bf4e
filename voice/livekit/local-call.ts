/**
 * A whole `AgentCall` on this machine, turn by turn (README "Voice"): no LiveKit room, the
 * caller's audio is pushed into the session (a WAV, synthesized speech) or their words typed,
 * everything we say is recorded. `npx ratiba call`, the console's call panel and the voice
 * integration tests drive calls this way; the caller waits for our answer before speaking again.
 */
import { initializeLogger, loggerOptions } from '@livekit/agents';
import type { Language } from '../../contract';
import { resample, toFrames, type AudioFrame } from '../audio';
import type { TranscriptEntry } from '../call-types';
import type { CallInfo, SpeechToText, TextToSpeech, TurnBridge, UtteranceReader } from '../ports';
import type { SpokenChoice } from '../speech-rendering';
import { AgentCall } from './agent-call';
import { PushAudioInput, RecordingAudioOutput, TypedWordsStt } from './call-io';
import type { CallRoute } from './sip-call';

export interface LocalCallOptions {
  call: CallInfo;
  route: CallRoute;
  bridge: TurnBridge;
  read: UtteranceReader;
  tts: TextToSpeech;
  /** The sample rate of the TTS's audio (espeak-ng: 22,050 Hz). */
  ttsSampleRate?: number;
  /** The recogniser of the caller's audio (made once the call exists: its choices); none: typed only. */
  stt?: (call: { readonly currentChoices: readonly SpokenChoice[] }) => SpeechToText;
  fillerAfterMs?: number;
  /** How long a turn may take before the driver gives up on it (an error, never a hang). */
  turnTimeoutMs?: number;
  onTranscript?(entry: TranscriptEntry): void;
  onError?(err: unknown, where: string): void;
}

/** Silence after the caller's audio: the recogniser's VAD hears the utterance end. */
const TRAILING_SILENCE_MS = 1_000;
/** The rate the session's STT streams take (port-plugins.ts). */
const STT_SAMPLE_RATE = 16_000;

/** The session logs through LiveKit's logger: quiet unless the process set one up (the worker). */
function ensureAgentsLogger(): void {
  if (!loggerOptions()) initializeLogger({ pretty: false, level: 'silent' });
}

export class LocalCall {
  readonly agent: AgentCall;
  readonly output: RecordingAudioOutput;
  private readonly input: PushAudioInput;
  private stt!: TypedWordsStt;
  private readonly finals: string[] = [];
  private callerTurns = 0;
  private readonly waiters = new Set<() => boolean>();

  constructor(private readonly o: LocalCallOptions) {
    ensureAgentsLogger();
    this.output = new RecordingAudioOutput();
    this.input = new PushAudioInput();
    this.agent = new AgentCall(o.call, o.route, {
      bridge: o.bridge,
      read: o.read,
      voices: {
        stt: (call) =>
          (this.stt = new TypedWordsStt(o.stt?.(call) ?? null, (text) =>
            this.notify(() => this.finals.push(text)),
          )),
        tts: o.tts,
        voices: o.route.voices,
      },
      ...(o.ttsSampleRate ? { ttsSampleRate: o.ttsSampleRate } : {}),
      ...(o.fillerAfterMs !== undefined ? { fillerAfterMs: o.fillerAfterMs } : {}),
      onTranscript: (e) => {
        if (e.who === 'caller') this.notify(() => this.callerTurns++);
        o.onTranscript?.(e);
      },
      onError: (err, where) => o.onError?.(err, where),
    });
  }

  get transcript(): readonly TranscriptEntry[] {
    return this.agent.transcript;
  }

  get language(): Language {
    return this.agent.language;
  }

  /** Answers: resolves once the greeting (or "shall we go on?") was said. */
  async start(): Promise<void> {
    await this.agent.start({ input: this.input, output: this.output });
    await this.agent.idle();
  }

  /** Typed words as the caller's turn; resolves once our answer was said. */
  async say(text: string): Promise<void> {
    const turns = this.callerTurns;
    this.stt.type(text);
    if (text.trim()) await this.answered(turns);
  }

  /** The caller's recorded words; resolves with what was heard, once it was answered. */
  async speak(recording: AudioFrame): Promise<string> {
    // At the recogniser's rate already: through the session's own resampler a whole espeak-ng
    // recording came out misheard ("send it to me on WhatsApp" as "today at one").
    const audio = resample(recording, STT_SAMPLE_RATE);
    const turns = this.callerTurns;
    const finals = this.finals.length;
    const silence = new Int16Array(Math.round((audio.sampleRate * TRAILING_SILENCE_MS) / 1000));
    for (const f of toFrames(audio.samples, audio.sampleRate)) this.input.push(f);
    for (const f of toFrames(silence, audio.sampleRate)) this.input.push(f);
    await this.until(() => this.finals.length > finals, 'the recogniser to finish');
    const heard = this.finals.slice(finals).join(' ').trim();
    if (heard) await this.answered(turns);
    return heard;
  }

  /** The call ends (`hangup`: the caller; `agent`: we do, after everything was said). */
  async hangUp(reason: 'hangup' | 'agent' = 'hangup'): Promise<void> {
    if (reason === 'agent') await this.agent.idle();
    this.input.end();
    await this.agent.hangUp(reason);
  }

  private async answered(turns: number): Promise<void> {
    await this.until(() => this.callerTurns > turns, 'the turn to reach the thread');
    await this.agent.idle();
  }

  private notify(change: () => void): void {
    change();
    for (const w of this.waiters) if (w()) this.waiters.delete(w);
  }

  private until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    const ms = this.o.turnTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`gave up waiting ${ms} ms for ${what}`));
      }, ms);
      const check = () => {
        if (!done()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      this.waiters.add(check);
    });
  }
}
