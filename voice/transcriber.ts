import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the caller knows about the speech, for recognisers that can use it. */
export interface TranscribeHints {
  /** The tenant's languages (BCP-47: `en`, `sw`); the speaker uses one of them. */
  languages?: readonly string[];
}

/**
 * Speech to text for voice notes. A rejection that is a RatibaError with `retryable: true` (a
 * provider's 429, 5xx or timeout) is worth another try later; any other rejection is final.
 */
export interface Transcriber {
  readonly name: string;
  /** The words heard ('' when none), or a rejection when the audio could not be processed. */
  transcribe(audio: Buffer, mimeType: string, hints?: TranscribeHints): Promise<string>;
}

/**
 * Offline speech recognition with Debian's pocketsphinx (US English model): ffmpeg decodes the
 * voice note (WhatsApp sends OGG/Opus) to 16 kHz mono PCM with half a second of silence on both
 * sides (the recogniser's voice activity detection needs it), then `pocketsphinx_continuous`.
 * Accuracy is that of a small offline model: good enough for "book a haircut tomorrow",
 * not for Swahili. Needs `ffmpeg`, `pocketsphinx` and `pocketsphinx-en-us`.
 */
export class PocketsphinxTranscriber implements Transcriber {
  readonly name = 'pocketsphinx';

  constructor(private readonly timeoutMs = 60_000) {}

  async transcribe(audio: Buffer): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ratiba-voice-'));
    try {
      const input = join(dir, 'in');
      const wav = join(dir, 'in.wav');
      await writeFile(input, audio);
      const opts = { timeout: this.timeoutMs, maxBuffer: 1024 * 1024 };
      await run(
        'ffmpeg',
        [
          '-nostdin',
          '-loglevel',
          'error',
          '-y',
          '-i',
          input,
          '-af',
          'adelay=500:all=1,apad=pad_dur=0.5',
          '-ar',
          '16000',
          '-ac',
          '1',
          '-sample_fmt',
          's16',
          '-f',
          'wav',
          wav,
        ],
        opts,
      );
      const { stdout } = await run(
        'pocketsphinx_continuous',
        ['-infile', wav, '-logfn', '/dev/null'],
        opts,
      );
      return stdout.replace(/\s+/g, ' ').trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
