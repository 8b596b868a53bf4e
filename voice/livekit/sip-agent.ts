/**
 * A SIP call as the LiveKit worker answers it (README "Voice"): who is calling and whose line
 * they dialled come from the SIP participant's attributes; a known line's call runs on
 * `AgentCall` until the caller hangs up; a line no tenant has, or a withheld number, hears a
 * polite refusal, is logged, and is hung up. Nothing reaches a thread for a refused call, and
 * nothing here throws.
 */
import type { TranscriptEntry } from '../call-types';
import type { TurnBridge, UtteranceReader } from '../ports';
import { AgentCall } from './agent-call';
import { refuseCall } from './refuse-call';
import type { AgentCallIo, CallVoices } from './session-io';
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
  /** The call's audio: the room (the session's RoomIO), or an input and output of our own. */
  io: AgentCallIo;
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

export async function answerCall(t: CallTransport, deps: SipAgentDeps): Promise<void> {
  const onError = (err: unknown, where: string) =>
    deps.log.warn({ err, where, room: t.roomName }, 'voice call error');
  try {
    const decision = await decideSipCall(t.attributes, t.roomName, deps.router);
    if (decision.kind === 'refuse') {
      const { reason, callId, caller, called, languages } = decision;
      deps.log.warn({ reason, callId, pii: { caller, called } }, 'voice call refused');
      const { tts } = deps.voices(null);
      await refuseCall(t.io, { reason, languages }, tts, t.gone, onError);
      return;
    }
    const { call, route } = decision;
    const ids = { tenant: call.tenant, callId: call.callId };
    deps.log.info({ ...ids, pii: { caller: call.from } }, 'voice call answered');
    const agentCall = new AgentCall(call, route, {
      bridge: deps.bridge,
      voices: deps.voices(route),
      read: deps.read,
      onError,
      onTranscript: (entry) => deps.onTranscript?.(entry),
    });
    // The greeting plays while we already listen: the caller may talk over it.
    await Promise.race([agentCall.start(t.io), t.gone]);
    await Promise.race([t.gone, agentCall.closed]);
    await agentCall.hangUp('hangup');
    deps.log.info(ids, 'voice call ended');
  } catch (err) {
    onError(err, 'call');
  } finally {
    await t.hangUp().catch((err: unknown) => onError(err, 'hang_up'));
  }
}
