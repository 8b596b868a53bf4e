import { spawn } from 'node:child_process';
import type { Language } from '../../contract';
import { decodeWav, toFrames, type AudioFrame } from '../audio';
import type { SynthesisOptions, TextToSpeech } from '../ports';

export interface EspeakOptions {
  /** espeak-ng voice per language (`espeak-ng --voices`). */
  voices: Record<Language, string>;
  /** Words per minute at rate 1. */
  baseWpm: number;
  timeoutMs: number;
  binary: string;
}

/** The rate of espeak-ng's audio. */
export const ESPEAK_SAMPLE_RATE = 22_050;

export const DEFAULT_ESPEAK_OPTIONS: EspeakOptions = {
  voices: { en: 'en-us', sw: 'sw' },
  baseWpm: 160,
  timeoutMs: 15_000,
  binary: 'espeak-ng',
};

/**
 * Offline TTS with Debian's espeak-ng: robotic, but every word of the pipeline is real audio
 * (English and Swahili voices). A sentence is synthesized whole (espeak-ng takes milliseconds)
 * and streamed out in 20 ms frames; an abort kills the process.
 */
export class EspeakTts implements TextToSpeech {
  readonly name = 'espeak-ng';
  private readonly o: EspeakOptions;

  constructor(options: Partial<EspeakOptions> = {}) {
    this.o = { ...DEFAULT_ESPEAK_OPTIONS, ...options };
  }

  async *synthesize(
    text: string,
    options: SynthesisOptions,
    signal: AbortSignal,
  ): AsyncIterable<AudioFrame> {
    if (signal.aborted) return;
    const wav = await this.run(text, options, signal);
    if (!wav) return;
    const audio = decodeWav(wav);
    for (const frame of toFrames(audio.samples, audio.sampleRate)) {
      if (signal.aborted) return;
      yield frame;
    }
  }

  /** The WAV bytes, or undefined when aborted. */
  private run(text: string, options: SynthesisOptions, signal: AbortSignal) {
    const voice = options.voice ?? this.o.voices[options.language];
    const wpm = String(Math.round(this.o.baseWpm * options.rate));
    return new Promise<Buffer | undefined>((resolve, reject) => {
      const child = spawn(this.o.binary, ['-v', voice, '-s', wpm, '--stdout', '--', text], {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: this.o.timeoutMs,
      });
      const out: Buffer[] = [];
      let err = '';
      const onAbort = () => child.kill('SIGKILL');
      signal.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('error', (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      });
      child.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) resolve(undefined);
        else if (code === 0) resolve(Buffer.concat(out));
        else reject(new Error(`espeak-ng exited with ${code}: ${err.slice(0, 200)}`));
      });
    });
  }
}
