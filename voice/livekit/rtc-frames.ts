import { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';
import type { AudioFrame } from '../audio';

/**
 * Our frame as LiveKit's (same 16-bit mono samples). A frame that is a view into a larger buffer
 * (`toFrames` cuts with `subarray`) is copied: the native resampler reads the buffer from its
 * start, and would hear the wrong samples.
 */
export function toRtcFrame(frame: AudioFrame): RtcAudioFrame {
  const s = frame.samples;
  const whole = s.byteOffset === 0 && s.byteLength === s.buffer.byteLength;
  return new RtcAudioFrame(whole ? s : s.slice(), frame.sampleRate, 1, s.length);
}

/** LiveKit's frame as ours (the first channel of an interleaved frame). */
export function fromRtcFrame(frame: RtcAudioFrame): AudioFrame {
  if (frame.channels === 1) return { samples: frame.data, sampleRate: frame.sampleRate };
  const samples = new Int16Array(frame.samplesPerChannel);
  for (let i = 0; i < samples.length; i++) samples[i] = frame.data[i * frame.channels]!;
  return { samples, sampleRate: frame.sampleRate };
}
