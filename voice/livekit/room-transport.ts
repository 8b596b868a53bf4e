/**
 * The LiveKit room as the call's audio transport, and nothing more: our voice is a published
 * audio track fed from an `AudioSource`, the caller's voice the frames of their subscribed
 * microphone track. Everything a call does lives in `CallSession` (live-call.ts).
 */
import {
  AudioResampler,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
  type Room,
} from '@livekit/rtc-node';
import type { AudioFrame } from '../audio';
import type { AudioOutput } from '../ports';
import { fromRtcFrame, toRtcFrame } from './agents-stt';
import type { CallTransport } from './sip-agent';

/** The caller's audio is asked for at the rate every STT here takes. */
export const INPUT_SAMPLE_RATE = 16_000;

/**
 * Our voice into the room. `write` resolves once the frame is queued in a short native buffer
 * (`bufferMs`), so it paces itself in real time and a barge-in's `clear` drops little that
 * was counted as heard. Frames at other rates (espeak-ng's 22,050 Hz) are resampled.
 */
export class RoomAudioOutput implements AudioOutput {
  private readonly resamplers = new Map<number, AudioResampler>();
  private closed = false;

  constructor(
    readonly source: AudioSource,
    private readonly sampleRate: number,
  ) {}

  async write(frame: AudioFrame): Promise<void> {
    if (this.closed) return;
    const frames =
      frame.sampleRate === this.sampleRate
        ? [toRtcFrame(frame)]
        : this.resampler(frame.sampleRate).push(toRtcFrame(frame));
    for (const f of frames) if (!this.closed) await this.source.captureFrame(f);
  }

  clear(): void {
    this.source.clearQueue();
  }

  private resampler(rate: number): AudioResampler {
    let r = this.resamplers.get(rate);
    if (!r) {
      r = new AudioResampler(rate, this.sampleRate, 1);
      this.resamplers.set(rate, r);
    }
    return r;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.source.clearQueue();
    for (const r of this.resamplers.values()) r.close();
    await this.source.close();
  }
}

/** Publishes the agent's microphone track in the room; its output is what the caller hears. */
export async function publishAgentAudio(
  room: Room,
  o: { sampleRate?: number; bufferMs?: number } = {},
): Promise<RoomAudioOutput> {
  const rate = o.sampleRate ?? 24_000;
  const source = new AudioSource(rate, 1, o.bufferMs ?? 200);
  const track = LocalAudioTrack.createAudioTrack('agent-voice', source);
  const options = new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });
  await room.localParticipant?.publishTrack(track, options);
  return new RoomAudioOutput(source, rate);
}

/** The participant's first audio track, once subscribed. */
function audioTrackOf(room: Room, p: RemoteParticipant): Promise<RemoteTrack> {
  for (const pub of p.trackPublications.values())
    if (pub.kind === TrackKind.KIND_AUDIO && pub.track) return Promise.resolve(pub.track);
  return new Promise((resolve) => {
    const on = (track: RemoteTrack, _pub: unknown, who: RemoteParticipant) => {
      if (who.identity !== p.identity || track.kind !== TrackKind.KIND_AUDIO) return;
      room.off(RoomEvent.TrackSubscribed, on);
      resolve(track);
    };
    room.on(RoomEvent.TrackSubscribed, on);
  });
}

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

/**
 * The caller's voice as 16 kHz mono frames, until they hang up. The iteration ends when the
 * participant leaves, so the call session learns of the hang-up from its input ending.
 */
export async function* participantAudio(
  room: Room,
  p: RemoteParticipant,
  gone: Promise<void> = participantGone(room, p),
): AsyncIterable<AudioFrame> {
  const ended = gone.then(() => null);
  const track = await Promise.race([audioTrackOf(room, p), ended]);
  if (!track) return;
  const stream = new AudioStream(track, { sampleRate: INPUT_SAMPLE_RATE, numChannels: 1 });
  const reader = stream.getReader();
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), ended]);
      if (!next || next.done) return;
      yield fromRtcFrame(next.value);
    }
  } finally {
    reader.releaseLock();
    await stream.cancel().catch(() => undefined);
  }
}

/** The SIP caller's call in a LiveKit room, as `answerCall` takes it. */
export async function roomCallTransport(
  room: Room,
  caller: RemoteParticipant,
  hangUp: () => Promise<void>,
): Promise<CallTransport> {
  const gone = participantGone(room, caller);
  return {
    attributes: caller.attributes,
    roomName: room.name ?? '',
    output: await publishAgentAudio(room),
    input: participantAudio(room, caller, gone),
    gone,
    hangUp,
  };
}
