import type { DeepgramAdapter } from '../adapters/deepgram';
import type { TranscribeHints, Transcriber } from './transcriber';

/**
 * Voice notes through Deepgram's prerecorded API (`DEEPGRAM_API_KEY` set): the tenant's languages
 * go along as `language` (one) or `detect_language` (several). Its failures are
 * DeepgramApiErrors: 429, 5xx and timeouts are retryable (the outbox tries again), 400 and 401
 * are final (the thread gets the voice note without words).
 */
export class DeepgramTranscriber implements Transcriber {
  readonly name = 'deepgram';

  constructor(private readonly deepgram: DeepgramAdapter) {}

  async transcribe(audio: Buffer, mimeType: string, hints: TranscribeHints = {}): Promise<string> {
    const heard = await this.deepgram.transcribe({
      audio,
      mimeType,
      languages: hints.languages ?? [],
    });
    return heard.text;
  }
}
