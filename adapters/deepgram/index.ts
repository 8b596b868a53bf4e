/**
 * Deepgram adapter: prerecorded speech-to-text (voice notes) through `@deepgram/sdk`, pointed at
 * `baseUrl` (Deepgram's public API, or the local fake in tests). Failures are DeepgramApiErrors,
 * retryable for 408/429/5xx/timeouts/network, final for 400/401/403.
 */
import { RatibaError } from '../../contract';
import { createDeepgramClient, type DeepgramTranscript, type TranscribeRequest } from './client';

export interface DeepgramOptions {
  apiKey: string;
  baseUrl: string;
  /** `nova-3` (default) or `nova-2` (more languages), or any model name Deepgram accepts. */
  model: string;
  smartFormat: boolean;
  timeoutMs: number;
}

export const DEFAULT_DEEPGRAM_OPTIONS: Readonly<Omit<DeepgramOptions, 'apiKey'>> = {
  baseUrl: 'https://api.deepgram.com',
  model: 'nova-3',
  smartFormat: true,
  // Well under the outbox's claim on an effect (RATIBA_OUTBOX_LEASE_MS, 60 s by default): a slow
  // answer is retried by this process, never run twice by two. Voice notes take seconds.
  timeoutMs: 30_000,
};

export interface DeepgramAdapter {
  readonly options: Readonly<Omit<DeepgramOptions, 'apiKey'>>;
  transcribe(request: TranscribeRequest): Promise<DeepgramTranscript>;
}

export function createDeepgramAdapter(
  options: Partial<DeepgramOptions> & { apiKey: string },
): DeepgramAdapter {
  const resolved: DeepgramOptions = {
    ...DEFAULT_DEEPGRAM_OPTIONS,
    ...options,
    baseUrl: (options.baseUrl ?? DEFAULT_DEEPGRAM_OPTIONS.baseUrl).replace(/\/+$/, ''),
  };
  const problems: string[] = [];
  if (resolved.apiKey.trim() === '') problems.push('apiKey is empty');
  if (!/^https?:\/\/[^/]/.test(resolved.baseUrl))
    problems.push(`baseUrl must be an http(s) URL: ${resolved.baseUrl}`);
  if (!/^[a-z0-9.-]{1,40}$/.test(resolved.model))
    problems.push(`model is not a model name: ${resolved.model}`);
  if (!(resolved.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  if (problems.length > 0)
    throw new RatibaError('invalid_config', `deepgram adapter: ${problems.join('; ')}`);
  const client = createDeepgramClient(resolved);
  const { apiKey: _key, ...visible } = resolved;
  return {
    options: Object.freeze(visible),
    transcribe: (request) => client.transcribe(request),
  };
}

export type { DeepgramTranscript, TranscribeRequest } from './client';
export { listenParams } from './client';
export { DeepgramApiError, type DeepgramErrorReason } from './deepgram-error';
export {
  connectDeepgramLive,
  type DeepgramLiveConnection,
  type DeepgramLiveMessage,
  type DeepgramLiveOptions,
} from './live';
