import type { Language } from '../../contract';
import { concatFrames, type AudioFrame } from '../audio';
import type { CallTimings, TranscriptEntry } from '../call-types';
import { LocalCall } from '../livekit/local-call';
import type { CallInfo, TurnBridge, UtteranceReader } from '../ports';
import { callGrammar } from './call-grammar';
import { ESPEAK_SAMPLE_RATE, EspeakTts } from './espeak-tts';
import { PocketsphinxStt } from './pocketsphinx-stt';

export { callerSpeech } from './caller-speech';

/** One caller turn: recorded audio (through STT) or typed words (STT skipped). */
export type CallerTurn = { audio: AudioFrame } | { text: string };

export interface OfflineCallOptions {
  call: CallInfo;
  bridge: TurnBridge;
  /** The understanding's reading of a few words (the runtime gives the embedded parser's). */
  read: UtteranceReader;
  /** The tenant's services and staff (names), for the recogniser's grammar. */
  vocabulary: { services: string[]; staff: string[] };
  /** The call's language until the caller or the thread shows another. Default `en`. */
  language?: Language;
  timezone?: string;
  onTranscript?(entry: TranscriptEntry): void;
  onError?(err: unknown, where: string): void;
}

export interface OfflineCallResult {
  transcript: TranscriptEntry[];
  /** Everything we said, as one recording (espeak-ng's 22,050 Hz). */
  agentAudio: AudioFrame | undefined;
  timings: CallTimings;
}

/**
 * A whole call with offline voice on LiveKit Agents' `AgentSession` (AgentCall, with audio of
 * our own): espeak-ng speaks our side, pocketsphinx hears the caller's (held to a grammar of the
 * tenant's catalog and the choices on offer), and every turn goes through the bridge to the
 * caller's thread like a LiveKit call's would. The caller waits for our answer before speaking
 * again; at the end we hang up.
 */
export async function runOfflineCall(
  turns: readonly CallerTurn[],
  o: OfflineCallOptions,
): Promise<OfflineCallResult> {
  const language = o.language ?? 'en';
  const call = new LocalCall({
    call: o.call,
    route: {
      tenant: o.call.tenant,
      timezone: o.timezone ?? 'Africa/Nairobi',
      languages: language === 'sw' ? ['sw', 'en'] : ['en', 'sw'],
      voices: {},
      vocabulary: o.vocabulary,
    },
    bridge: o.bridge,
    read: o.read,
    tts: new EspeakTts(),
    ttsSampleRate: ESPEAK_SAMPLE_RATE,
    stt: (c) =>
      new PocketsphinxStt({
        grammar: () =>
          callGrammar({ ...o.vocabulary, choices: c.currentChoices.map((x) => x.title) }),
        onError: (e: unknown) => o.onError?.(e, 'stt'),
      }),
    onTranscript: (e) => o.onTranscript?.(e),
    onError: (err, where) => o.onError?.(err, where),
  });
  try {
    await call.start();
    for (const turn of turns) {
      if ('text' in turn) await call.say(turn.text);
      else await call.speak(turn.audio);
    }
  } finally {
    await call.hangUp('agent');
  }
  return {
    transcript: [...call.transcript],
    agentAudio: concatFrames(call.output.frames),
    timings: call.agent.timings,
  };
}
