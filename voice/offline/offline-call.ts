import type { Language } from '../../contract';
import { concatFrames, toFrames, type AudioFrame } from '../audio';
import { CallSession, type CallSessionOptions, type TranscriptEntry } from '../call-session';
import { createLanguageDetector } from '../language';
import type { AudioOutput, CallInfo, SttEvent, TurnBridge, UtteranceReader } from '../ports';
import { systemClock } from '../ports';
import { createChoiceMatcher } from '../spoken-choice';
import { callGrammar } from './call-grammar';
import { EspeakTts } from './espeak-tts';
import { PocketsphinxStt } from './pocketsphinx-stt';

/** One caller turn: recorded audio (through STT) or typed words (STT skipped). */
export type CallerTurn = { audio: AudioFrame } | { text: string };

export interface OfflineCallOptions {
  call: CallInfo;
  bridge: TurnBridge;
  /** The understanding's reading of a few words (the runtime gives the embedded parser's). */
  read: UtteranceReader;
  /** The tenant's services and staff (names), for the recogniser's grammar. */
  vocabulary: { services: string[]; staff: string[] };
  session?: Partial<CallSessionOptions>;
  onTranscript?(entry: TranscriptEntry): void;
  onError?(err: unknown, where: string): void;
}

export interface OfflineCallResult {
  transcript: TranscriptEntry[];
  /** Everything we said, as one recording (espeak-ng's 22,050 Hz). */
  agentAudio: AudioFrame | undefined;
  timings: CallSession['timings'];
}

/** Keeps what the agent says; plays instantly (no one is listening in real time). */
export class RecordingOutput implements AudioOutput {
  readonly frames: AudioFrame[] = [];
  write(frame: AudioFrame): Promise<void> {
    this.frames.push(frame);
    return Promise.resolve();
  }
  clear(): void {}
}

const SILENCE_MS = 1_000;

/**
 * A whole call with offline voice: espeak-ng speaks our side, pocketsphinx hears the caller's
 * (held to a grammar of the tenant's catalog and the choices on offer), and every turn goes
 * through the bridge to the caller's thread like a LiveKit call's would. The caller waits for
 * our answer before speaking again.
 */
export async function runOfflineCall(
  turns: readonly CallerTurn[],
  o: OfflineCallOptions,
): Promise<OfflineCallResult> {
  const output = new RecordingOutput();
  const s = new CallSession(
    {
      call: o.call,
      bridge: o.bridge,
      tts: new EspeakTts(),
      output,
      matcher: createChoiceMatcher({ read: o.read }),
      detectLanguage: createLanguageDetector(o.read),
      clock: systemClock,
      onTranscript: (e) => o.onTranscript?.(e),
      onError: (err, where) => o.onError?.(err, where),
    },
    o.session,
  );
  const stt = new PocketsphinxStt({
    grammar: () => callGrammar({ ...o.vocabulary, choices: s.currentChoices.map((c) => c.title) }),
    onError: (e: unknown) => o.onError?.(e, 'stt'),
  });
  await s.start();
  const stream = stt.stream();
  const waiter: { finalSeen?: () => void } = {};
  const pump = (async () => {
    for await (const e of stream.events) {
      s.handle(e);
      if (e.type === 'final') waiter.finalSeen?.();
    }
  })();
  for (const turn of turns) {
    await s.idle();
    if ('text' in turn) {
      s.handle({ type: 'final', text: turn.text } satisfies SttEvent);
    } else {
      const heard = new Promise<void>((r) => (waiter.finalSeen = r));
      const { audio } = turn;
      const silence = new Int16Array(Math.round((audio.sampleRate * SILENCE_MS) / 1000));
      for (const f of toFrames(audio.samples, audio.sampleRate)) stream.push(f);
      for (const f of toFrames(silence, audio.sampleRate)) stream.push(f);
      await heard;
    }
    await s.idle();
  }
  stream.end();
  await pump;
  await s.finish();
  return { transcript: s.transcript, agentAudio: concatFrames(output.frames), timings: s.timings };
}

/** The caller's words as audio (espeak-ng, another voice), for `--say` and tests. */
export async function callerSpeech(text: string, language: Language = 'en'): Promise<AudioFrame> {
  const tts = new EspeakTts({ voices: { en: 'en-us', sw: 'sw' }, baseWpm: 140 });
  const frames: AudioFrame[] = [];
  for await (const f of tts.synthesize(text, { language, rate: 1 }, new AbortController().signal))
    frames.push(f);
  const audio = concatFrames(frames);
  if (!audio) throw new Error('espeak-ng made no audio');
  return audio;
}
