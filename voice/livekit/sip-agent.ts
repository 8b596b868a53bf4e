import type { AudioFrame } from '../audio';
import type { TranscriptEntry } from '../call-types';
import type { AudioOutput, TurnBridge, UtteranceReader } from '../ports';
import { refuseCall, startLiveCall, type CallVoices } from './live-call';
import { decideSipCall, type CallRoute, type CallRouter } from './sip-call';

/** Structured logging (pino's shape): static messages, phone numbers only under `pii`. */
interface CallLog {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/** One SIP call as the transport (the LiveKit room, room-transport.ts) presents it. */
export interface CallTransport {
  /** The SIP participant's attributes (sip.phoneNumber, sip.trunkPhoneNumber, sip.callID). */
  attributes: Record<string, string>;
  roomName: string;
  /** Our voice; closed when the call is over. */
  output: AudioOutput & { close(): Promise<void> };
  /** The caller's voice; ends when they hang up. */
  input: AsyncIterable<AudioFrame>;
  /** Resolves when the caller is gone. */
  gone: Promise<void>;
  /** Ends the call for everyone (the room is deleted: the SIP leg hangs up). */
  hangUp(): Promise<void>;
}

export interface SipAgentDeps {
  router: CallRouter;
  bridge: TurnBridge;
  /** The call's voices; the refusal of an unknown number uses those of `route: null`. */
  voices(route: CallRoute | null): CallVoices;
  read: UtteranceReader;
  log: CallLog;
  onTranscript?(entry: TranscriptEntry): void;
}

/**
 * A SIP call: who is calling and whose line they dialled come from the participant's
 * attributes; a known line's call runs through the call session until the caller hangs up; a
 * line no tenant has, or a withheld number, hears a polite refusal, is logged, and is hung up.
 * Nothing reaches a thread for a refused call, and nothing here throws.
 */
export async function answerCall(t: CallTransport, deps: SipAgentDeps): Promise<void> {
  const onError = (err: unknown, where: string) =>
    deps.log.warn({ err, where, room: t.roomName }, 'voice call error');
  try {
    const decision = await decideSipCall(t.attributes, t.roomName, deps.router);
    if (decision.kind === 'refuse') {
      const { reason, callId, caller, called } = decision;
      deps.log.warn({ reason, callId, pii: { caller, called } }, 'voice call refused');
      const { tts } = deps.voices(null);
      await Promise.race([refuseCall(reason, decision.languages, tts, t.output, onError), t.gone]);
      return;
    }
    const { call, route } = decision;
    const ids = { tenant: call.tenant, callId: call.callId };
    deps.log.info({ ...ids, pii: { caller: call.from } }, 'voice call answered');
    const live = startLiveCall(call, route, t.input, {
      bridge: deps.bridge,
      voices: deps.voices(route),
      output: t.output,
      read: deps.read,
      onError,
      onTranscript: (entry) => deps.onTranscript?.(entry),
    });
    await live.done;
    deps.log.info(ids, 'voice call ended');
  } catch (err) {
    onError(err, 'call');
  } finally {
    await t.output.close().catch((err: unknown) => onError(err, 'output'));
    await t.hangUp().catch((err: unknown) => onError(err, 'hang_up'));
  }
}
