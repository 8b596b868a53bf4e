import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  concatFrames,
  decodeWav,
  durationMs,
  encodeWav,
  padSilence,
  resample,
  type AudioFrame,
} from '../audio';
import { EventQueue } from '../event-queue';
import type { SpeechToText, SttEvent, SttStream } from '../ports';
import { callDictionaryFile } from './dictionary';
import { EnergyVad, type EnergyVadOptions } from './energy-vad';

const run = promisify(execFile);

export interface PocketsphinxSttOptions {
  vad: Partial<EnergyVadOptions>;
  /** JSGF grammar for the moment (see call-grammar.ts); the model's free language model if none. */
  grammar: () => string | undefined;
  timeoutMs: number;
  /** Called when an utterance could not be recognised (it becomes an empty final). */
  onError: (err: unknown) => void;
}

export const DEFAULT_POCKETSPHINX_STT_OPTIONS: PocketsphinxSttOptions = {
  vad: {},
  grammar: () => undefined,
  timeoutMs: 30_000,
  onError: () => {},
};

/**
 * Words pocketsphinx_continuous heard in a WAV (16-bit PCM, any rate: resampled to the model's
 * 16 kHz here, with a little silence around it so the recogniser's own VAD sees the onset).
 * Throws a plain Error for anything but a 16-bit PCM WAV.
 */
export async function recognize(
  wav: Buffer,
  grammar: string | undefined,
  timeoutMs: number,
): Promise<string> {
  const audio = padSilence(resample(decodeWav(wav), 16_000), 300, 500);
  const dir = await mkdtemp(join(tmpdir(), 'ratiba-call-'));
  try {
    const pcm = join(dir, 'in.wav');
    await writeFile(pcm, encodeWav(audio));
    const opts = { timeout: timeoutMs, maxBuffer: 1024 * 1024 };
    const args = ['-infile', pcm, '-logfn', '/dev/null'];
    if (grammar) {
      await writeFile(join(dir, 'call.gram'), grammar);
      args.push('-jsgf', join(dir, 'call.gram'), '-dict', callDictionaryFile());
    }
    const { stdout } = await run('pocketsphinx_continuous', args, opts);
    return stdout.replace(/\s+/g, ' ').trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Offline streaming STT: an energy VAD cuts the caller's audio into utterances (`speech_started`
 * at the onset drives barge-in), and each utterance is recognised by pocketsphinx when it ends
 * (a `final`; there are no interim words). Utterances are recognised in order.
 */
export class PocketsphinxStt implements SpeechToText {
  readonly name = 'pocketsphinx';
  private readonly o: PocketsphinxSttOptions;

  constructor(options: Partial<PocketsphinxSttOptions> = {}) {
    this.o = { ...DEFAULT_POCKETSPHINX_STT_OPTIONS, ...options };
  }

  stream(): SttStream {
    const o = this.o;
    const vad = new EnergyVad(o.vad);
    const events = new EventQueue<SttEvent>();
    let frames: AudioFrame[] = [];
    let preRoll: AudioFrame[] = [];
    let work: Promise<void> = Promise.resolve();
    const flush = () => {
      const audio = concatFrames(frames);
      frames = [];
      if (!audio) return;
      const speechMs = durationMs(audio);
      const grammar = o.grammar();
      work = work.then(async () => {
        let text = '';
        try {
          text = await recognize(encodeWav(audio), grammar, o.timeoutMs);
        } catch (err) {
          o.onError(err);
        }
        events.push({ type: 'final', text, speechMs, language: 'en' });
      });
    };
    return {
      events,
      push(frame) {
        const edge = vad.push(frame);
        if (edge === 'start') {
          frames = [...preRoll, frame];
          events.push({ type: 'speech_started' });
        } else if (vad.inSpeech) frames.push(frame);
        else if (edge === 'end') {
          frames.push(frame);
          events.push({ type: 'speech_ended' });
          flush();
        }
        preRoll = [...preRoll.slice(-9), frame];
      },
      end() {
        if (vad.inSpeech) flush();
        void work.then(() => events.close());
      },
    };
  }
}
