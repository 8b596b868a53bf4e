/**
 * Audio of the console's call panel: the browser's recording becomes a 16 kHz mono WAV (what the
 * backend's offline recogniser reads; any format the browser can decode goes in), and the
 * agent's WAV replies are played through Web Audio (no media URL, so no CSP exception).
 */

const RECOGNISER_RATE = 16_000;

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** 16-bit mono PCM as a RIFF/WAVE file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const text = (at: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => v.setInt16(44 + i * 2, s, true));
  return out;
}

/** A recording (WebM/Opus, Ogg, WAV: whatever the browser decodes) as 16 kHz WAV, base64. */
export async function recordingToWav(blob: Blob): Promise<string> {
  const ctx = new AudioContext();
  try {
    const buf = await ctx.decodeAudioData(await blob.arrayBuffer());
    const src = buf.getChannelData(0);
    const ratio = buf.sampleRate / RECOGNISER_RATE;
    const pcm = new Int16Array(Math.floor(src.length / ratio));
    for (let i = 0; i < pcm.length; i++) {
      const x = src[Math.min(src.length - 1, Math.floor(i * ratio))] ?? 0;
      pcm[i] = Math.max(-1, Math.min(1, x)) * 0x7fff;
    }
    return toBase64(encodeWav(pcm, RECOGNISER_RATE));
  } finally {
    void ctx.close();
  }
}

/** Plays the agent's WAVs one after another; `stop` cuts what is playing. */
export class CallSpeaker {
  private ctx: AudioContext | null = null;
  private current: AudioBufferSourceNode | null = null;
  /** How many replies were played to the end (the browser test reads it). */
  played = 0;

  async play(b64: string, onEnd: () => void): Promise<void> {
    this.stop();
    this.ctx ??= new AudioContext();
    if (this.ctx.state === 'suspended') await this.ctx.resume();
    const bytes = fromBase64(b64);
    const buf = await this.ctx.decodeAudioData(bytes.buffer as ArrayBuffer);
    const src = this.ctx.createBufferSource();
    src.buffer = buf;
    src.connect(this.ctx.destination);
    src.onended = () => {
      if (this.current === src) {
        this.current = null;
        this.played++;
      }
      onEnd();
    };
    this.current = src;
    src.start();
  }

  stop(): void {
    const c = this.current;
    this.current = null;
    c?.stop();
  }

  close(): void {
    this.stop();
    void this.ctx?.close();
    this.ctx = null;
  }
}
