/**
 * The call's voices and where its audio is, for the sessions of the LiveKit worker (agent-call.ts,
 * refuse-call.ts): a room (RoomIO does the audio) or an input and output of our own.
 */
import type { stt as agentsStt, voice } from '@livekit/agents';
import { type VAD } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import type { Language } from '../../contract';
import type { SpeechToText, TextToSpeech } from '../ports';
import type { SpokenChoice } from '../speech-rendering';
import { HeardAudioOutput } from './heard-output';

/** The voices of one call: chosen per tenant and language by `callVoices`. */
export interface CallVoices {
  /**
   * Made once the call exists (the offline recogniser's grammar follows its choices): one of
   * our STT ports, or a LiveKit Agents STT plugin (Deepgram) as it is.
   */
  stt(call: { readonly currentChoices: readonly SpokenChoice[] }): SpeechToText | agentsStt.STT;
  tts: TextToSpeech;
  /** Provider voice ids per language (the tenant's, when the provider is theirs). */
  voices: Partial<Record<Language, string>>;
  /** The session's VAD next to a cloud STT (Silero): speech is known before the STT says so. */
  vad?: VAD;
}

/**
 * Where the call's audio is: a LiveKit room (the session's RoomIO, linked to the caller's
 * participant) or an input and output of our own.
 */
export type AgentCallIo =
  { room: Room; participant?: string } | { input: voice.AudioInput; output: voice.AudioOutput };

/** The session on its audio: RoomIO in a room (16 kHz in, as our STTs take), else ours. */
export async function startOn(
  session: voice.AgentSession,
  agent: voice.Agent,
  io: AgentCallIo,
  o: { listen: boolean; onClear?: () => void },
): Promise<void> {
  if ('room' in io) {
    const participantIdentity = io.participant ? { participantIdentity: io.participant } : {};
    return session.start({
      agent,
      room: io.room,
      inputOptions: { ...participantIdentity, audioEnabled: o.listen, audioSampleRate: 16_000 },
      outputOptions: { audioEnabled: true },
    });
  }
  if (o.listen) session.input.audio = io.input;
  session.output.audio = new HeardAudioOutput(io.output, o.onClear);
  return session.start({ agent });
}
