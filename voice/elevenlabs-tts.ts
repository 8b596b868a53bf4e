import type { ElevenLabsAdapter } from '../adapters/elevenlabs';
import type { Language } from '../contract';
import { toFrames, type AudioFrame } from './audio';
import type { SynthesisOptions, TextToSpeech } from './ports';

const RATE = 16_000;

/**
 * Streaming TTS with ElevenLabs (multilingual v2): the tenant's voice per language, the speaking
 * rate as the voice's `speed`, and the PCM cut into 20 ms frames as it arrives (the first frame
 * plays while the rest of the sentence is still being made).
 */
export class ElevenLabsTts implements TextToSpeech {
  readonly name = 'elevenlabs';

  constructor(
    private readonly adapter: ElevenLabsAdapter,
    /** The voice per language when the call's options name none. */
    private readonly voices: Record<Language, string>,
  ) {}

  async *synthesize(
    text: string,
    o: SynthesisOptions,
    signal: AbortSignal,
  ): AsyncIterable<AudioFrame> {
    if (signal.aborted) return;
    const body = await this.adapter.stream(
      {
        voiceId: o.voice ?? this.voices[o.language],
        text,
        languageCode: o.language,
        speed: o.rate,
      },
      signal,
    );
    let carry: Uint8Array = new Uint8Array(0);
    const frameBytes = (RATE / 50) * 2;
    try {
      for await (const chunk of body) {
        if (signal.aborted) return;
        const bytes = new Uint8Array(carry.length + chunk.length);
        bytes.set(carry);
        bytes.set(chunk, carry.length);
        const whole = bytes.length - (bytes.length % frameBytes);
        carry = bytes.slice(whole);
        if (whole > 0) yield* toFrames(pcm(bytes.subarray(0, whole)), RATE);
      }
      if (carry.length >= 2 && !signal.aborted)
        yield* toFrames(pcm(carry.subarray(0, carry.length - (carry.length % 2))), RATE);
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }
}

/** Little-endian 16-bit samples (copied: the chunk's offset may be odd). */
function pcm(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++)
    out[i] = ((bytes[2 * i]! | (bytes[2 * i + 1]! << 8)) << 16) >> 16;
  return out;
}
