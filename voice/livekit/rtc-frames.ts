import { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';
import type { AudioFrame } from '../audio';

/** Our frame as LiveKit's (same 16-bit mono samples, no copy). */
export function toRtcFrame(frame: AudioFrame): RtcAudioFrame {
  return new RtcAudioFrame(frame.samples, frame.sampleRate, 1, frame.samples.length);
}

/** LiveKit's frame as ours (the first channel of an interleaved frame). */
export function fromRtcFrame(frame: RtcAudioFrame): AudioFrame {
  if (frame.channels === 1) return { samples: frame.data, sampleRate: frame.sampleRate };
  const samples = new Int16Array(frame.samplesPerChannel);
  for (let i = 0; i < samples.length; i++) samples[i] = frame.data[i * frame.channels]!;
  return { samples, sampleRate: frame.sampleRate };
}
