/**
 * The LiveKit room as the call's transport, and nothing more: the session's RoomIO (started by
 * `AgentCall.start({ room })`) subscribes to the caller's audio, publishes ours, and closes the
 * session when the caller leaves; this only names the SIP participant and learns when they go.
 */
import { RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';
import type { CallTransport } from './sip-agent';

/** Resolves when the participant leaves the room (hangs up) or the room closes. */
export function participantGone(room: Room, p: RemoteParticipant): Promise<void> {
  return new Promise((resolve) => {
    const left = (who: RemoteParticipant) => {
      if (who.identity !== p.identity) return;
      room.off(RoomEvent.ParticipantDisconnected, left);
      resolve();
    };
    room.on(RoomEvent.ParticipantDisconnected, left);
    room.once(RoomEvent.Disconnected, () => resolve());
  });
}

/** The SIP caller's call in a LiveKit room, as `answerCall` takes it. */
export function roomCallTransport(
  room: Room,
  caller: RemoteParticipant,
  hangUp: () => Promise<void>,
): CallTransport {
  return {
    attributes: caller.attributes,
    roomName: room.name ?? '',
    io: { room, participant: caller.identity },
    gone: participantGone(room, caller),
    hangUp,
  };
}
