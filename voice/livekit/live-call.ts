import type { Language } from '../../contract';
import type { AudioFrame } from '../audio';
import { CallSession, type CallSessionOptions, type TranscriptEntry } from '../call-session';
import { createLanguageDetector } from '../language';
import type {
  AudioOutput,
  CallInfo,
  SpeechToText,
  TextToSpeech,
  TurnBridge,
  UtteranceReader,
  VoiceClock,
} from '../ports';
import { systemClock } from '../ports';
import { createChoiceMatcher } from '../spoken-choice';
import type { CallRoute, RefusalReason } from './sip-call';
import { refusalSpeech } from './sip-call';

/** The voices of one call: chosen per tenant and language by `callVoices`. */
export interface CallVoices {
  /** Made once the session exists (the offline recogniser's grammar follows its choices). */
  stt(session: Pick<CallSession, 'currentChoices'>): SpeechToText;
  tts: TextToSpeech;
  /** Provider voice ids per language for the session (the tenant's, when the provider is theirs). */
  voices: Partial<Record<Language, string>>;
}

export interface LiveCallDeps {
  bridge: TurnBridge;
  voices: CallVoices;
  /** Our voice into the room. */
  output: AudioOutput;
  read: UtteranceReader;
  clock?: VoiceClock;
  session?: Partial<CallSessionOptions>;
  onTranscript?(entry: TranscriptEntry): void;
  onError?(err: unknown, where: string): void;
}

export interface LiveCall {
  session: CallSession;
  /** Resolves once the call is over (the caller's audio ended) and its end was delivered. */
  done: Promise<void>;
}

/**
 * One answered call over any audio transport: the caller's frames go to the STT, its events
 * to the `CallSession` (which owns the filler clock, barge-in, the speaking rate, the replies);
 * when the caller's audio ends (they hung up, the room closed) the session hangs up. The
 * LiveKit room is one such transport (room-transport.ts); tests feed frames directly.
 */
export function startLiveCall(
  call: CallInfo,
  route: CallRoute,
  input: AsyncIterable<AudioFrame>,
  deps: LiveCallDeps,
): LiveCall {
  const read = deps.read;
  const session = new CallSession(
    {
      call,
      bridge: deps.bridge,
      tts: deps.voices.tts,
      output: deps.output,
      matcher: createChoiceMatcher({ read }),
      detectLanguage: createLanguageDetector(read),
      clock: deps.clock ?? systemClock,
      onTranscript: (entry) => deps.onTranscript?.(entry),
      onError: (err, where) => deps.onError?.(err, where),
    },
    { language: route.languages[0] ?? 'en', voices: deps.voices.voices, ...deps.session },
  );
  const stream = deps.voices.stt(session).stream({ languages: route.languages });
  const listening = (async () => {
    for await (const e of stream.events) session.handle(e);
  })();
  const done = (async () => {
    // The greeting plays while we already listen: the caller may talk over it.
    const greeting = session.start();
    try {
      for await (const frame of input) stream.push(frame);
    } catch (err) {
      deps.onError?.(err, 'input');
    }
    stream.end();
    await session.hangUp();
    await Promise.allSettled([greeting, listening]);
  })();
  return { session, done };
}

/**
 * A call we do not take (a number no tenant has, a withheld caller id): a polite sentence in
 * the tenant's language (or English and Swahili), then the transport hangs up. Never throws.
 */
export async function refuseCall(
  reason: RefusalReason,
  languages: readonly Language[],
  tts: TextToSpeech,
  output: AudioOutput,
  onError?: (err: unknown, where: string) => void,
): Promise<void> {
  const signal = new AbortController().signal;
  try {
    for (const { language, text } of refusalSpeech(reason, languages))
      for await (const frame of tts.synthesize(text, { language, rate: 1 }, signal))
        await output.write(frame);
  } catch (err) {
    onError?.(err, 'refusal');
  }
}
