/**
 * Deepgram prerecorded transcription through the official SDK (`@deepgram/sdk`):
 * `client.listen.v1.media.transcribeFile` = `POST {baseUrl}/v1/listen` with the audio bytes as the
 * body, `Authorization: Token <key>` and the query parameters below. The SDK's own retries are off
 * (`maxRetries: 0`): the outbox retries with its backoff and keeps count of the attempts.
 */
import { fetch as undiciFetch } from 'undici';
import { DeepgramClient, DeepgramError, DeepgramTimeoutError } from '@deepgram/sdk';
import { DeepgramApiError, deepgramErrorFromAnswer } from './deepgram-error';
import { listenResponseSchema } from './schema';

export interface DeepgramClientOptions {
  apiKey: string;
  /** `https://api.deepgram.com` unless overridden (a fake, a self-hosted Deepgram). */
  baseUrl: string;
  model: string;
  smartFormat: boolean;
  timeoutMs: number;
}

export interface TranscribeRequest {
  audio: Buffer;
  /** The audio's MIME type, sent as `Content-Type` (Deepgram also sniffs the container). */
  mimeType: string;
  /**
   * Languages the speaker may use (BCP-47, e.g. `sw`, `en`): one is sent as `language`, several
   * as `detect_language=true` (Deepgram picks the dominant one), none leaves Deepgram's default.
   */
  languages?: readonly string[];
}

export interface DeepgramTranscript {
  /** The words heard on the first channel ('' when none). */
  text: string;
  /** `detected_language` with language detection, else the language asked for. */
  language: string | undefined;
  confidence: number | undefined;
  requestId: string;
  durationSeconds: number | undefined;
}

/** The query parameters of one request (exported for tests and the fake's expectations). */
export function listenParams(
  options: Pick<DeepgramClientOptions, 'model' | 'smartFormat'>,
  languages: readonly string[] = [],
): { model: string; smart_format: boolean; language?: string; detect_language?: boolean } {
  const unique = [...new Set(languages.map((l) => l.trim()).filter(Boolean))];
  return {
    model: options.model,
    smart_format: options.smartFormat,
    ...(unique.length === 1 ? { language: unique[0]! } : {}),
    ...(unique.length > 1 ? { detect_language: true } : {}),
  };
}

export function createDeepgramClient(options: DeepgramClientOptions) {
  const client = new DeepgramClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    maxRetries: 0,
    timeoutInSeconds: options.timeoutMs / 1000,
    // undici's own fetch: importing the npm undici package (the Graph and Daraja clients do) makes
    // it the dispatcher of Node's built-in fetch, and that pairing refuses the upload's
    // Content-Length ("invalid content-length header"): voice notes reached threads without words.
    fetch: undiciFetch as unknown as typeof fetch,
  });

  return {
    async transcribe(request: TranscribeRequest): Promise<DeepgramTranscript> {
      const params = listenParams(options, request.languages);
      let data: unknown;
      try {
        data = await client.listen.v1.media.transcribeFile(
          {
            data: request.audio,
            contentType: request.mimeType,
            contentLength: request.audio.length,
          },
          params,
        );
      } catch (err) {
        throw fromSdkError(err);
      }
      const parsed = listenResponseSchema.safeParse(data);
      if (!parsed.success) {
        throw new DeepgramApiError({
          message: 'deepgram transcribe: unexpected answer (no results.channels)',
          reason: 'unexpected_answer',
          status: 200,
        });
      }
      const channel = parsed.data.results.channels[0];
      const best = channel?.alternatives[0];
      return {
        text: (best?.transcript ?? '').replace(/\s+/g, ' ').trim(),
        language: channel?.detected_language ?? params.language,
        confidence: best?.confidence,
        requestId: parsed.data.metadata.request_id,
        durationSeconds: parsed.data.metadata.duration,
      };
    },
  };
}

export type DeepgramApi = ReturnType<typeof createDeepgramClient>;

/** The SDK's errors (status + parsed body, timeout, transport) as DeepgramApiErrors. */
function fromSdkError(err: unknown): DeepgramApiError {
  if (err instanceof DeepgramApiError) return err;
  // On Node the SDK's deadline aborts fetch with the reason 'timeout', which reaches us as a
  // DeepgramError whose cause is that string rather than as a DeepgramTimeoutError.
  if (
    err instanceof DeepgramTimeoutError ||
    (err instanceof DeepgramError && err.statusCode === undefined && err.cause === 'timeout')
  ) {
    return new DeepgramApiError({
      message: 'deepgram transcribe: no answer in time',
      reason: 'timeout',
      cause: err,
    });
  }
  if (err instanceof DeepgramError && err.statusCode !== undefined) {
    return deepgramErrorFromAnswer(err.statusCode, err.body, err.rawResponse?.headers);
  }
  return new DeepgramApiError({
    message: `deepgram transcribe: ${err instanceof Error ? err.message : String(err)}`,
    reason: 'network',
    cause: err,
  });
}
