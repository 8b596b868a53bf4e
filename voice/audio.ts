/** Mono 16-bit PCM, the format every part of the call pipeline speaks. */
export interface AudioFrame {
  samples: Int16Array;
  sampleRate: number;
}

export const FRAME_MS = 20;

export function durationMs(frame: AudioFrame): number {
  return (frame.samples.length / frame.sampleRate) * 1000;
}

/** Cuts PCM into frames of `FRAME_MS` (the last one may be shorter). */
export function toFrames(
  samples: Int16Array,
  sampleRate: number,
  frameMs = FRAME_MS,
): AudioFrame[] {
  const size = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const frames: AudioFrame[] = [];
  for (let i = 0; i < samples.length; i += size)
    frames.push({ samples: samples.subarray(i, Math.min(samples.length, i + size)), sampleRate });
  return frames;
}

export function concatFrames(frames: readonly AudioFrame[]): AudioFrame | undefined {
  const first = frames[0];
  if (!first) return undefined;
  const total = frames.reduce((n, f) => n + f.samples.length, 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const f of frames) {
    out.set(f.samples, at);
    at += f.samples.length;
  }
  return { samples: out, sampleRate: first.sampleRate };
}

/** Root mean square level of a frame, 0..1. */
export function level(frame: AudioFrame): number {
  const s = frame.samples;
  if (!s.length) return 0;
  let sum = 0;
  for (const v of s) sum += v * v;
  return Math.sqrt(sum / s.length) / 32768;
}

/** A RIFF/WAVE file of 16-bit mono PCM. */
export function encodeWav(frame: AudioFrame): Buffer {
  const data = Buffer.from(
    frame.samples.buffer,
    frame.samples.byteOffset,
    frame.samples.byteLength,
  );
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(frame.sampleRate, 24);
  h.writeUInt32LE(frame.sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/**
 * Reads a 16-bit PCM WAV (mono, or the first channel of several). Throws a plain Error naming
 * the problem for anything else: convert with `ffmpeg -i in -ac 1 -ar 16000 -sample_fmt s16`.
 */
export function decodeWav(buf: Buffer): AudioFrame {
  if (
    buf.length < 12 ||
    buf.toString('ascii', 0, 4) !== 'RIFF' ||
    buf.toString('ascii', 8, 12) !== 'WAVE'
  )
    throw new Error('not a WAV file');
  let at = 12;
  let fmt: { channels: number; rate: number; bits: number; format: number } | undefined;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        rate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.format !== 1 || fmt.bits !== 16) throw new Error('WAV is not 16-bit PCM');
      // espeak-ng writes 0xFFFFFFFF as the data size when it streams to stdout.
      const end = size === 0xffffffff ? buf.length : Math.min(buf.length, body + size);
      const count = Math.floor((end - body) / (2 * fmt.channels));
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = buf.readInt16LE(body + i * 2 * fmt.channels);
      return { samples, sampleRate: fmt.rate };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}

/** Linear-interpolation resampling (speech to a recogniser's rate; not for music). */
export function resample(frame: AudioFrame, sampleRate: number): AudioFrame {
  if (frame.sampleRate === sampleRate) return frame;
  const ratio = frame.sampleRate / sampleRate;
  const src = frame.samples;
  const out = new Int16Array(Math.floor(src.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const x = i * ratio;
    const j = Math.floor(x);
    const a = src[j] ?? 0;
    const b = src[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (x - j));
  }
  return { samples: out, sampleRate };
}

/** `frame` with `beforeMs` of silence before it and `afterMs` after. */
export function padSilence(frame: AudioFrame, beforeMs: number, afterMs: number): AudioFrame {
  const n = (ms: number) => Math.round((frame.sampleRate * ms) / 1000);
  const out = new Int16Array(n(beforeMs) + frame.samples.length + n(afterMs));
  out.set(frame.samples, n(beforeMs));
  return { samples: out, sampleRate: frame.sampleRate };
}
