import { ProviderError } from '../../contract';
import type { LlmProviderName } from './types';

/** Why a model call failed; `ledger.error_code` holds it. */
export type LlmFailureReason =
  /** 429 */
  | 'rate_limited'
  /** 529 (Anthropic) or 503 */
  | 'overloaded'
  /** other 5xx */
  | 'server_error'
  | 'timeout'
  | 'connection'
  /** 401 / 403 */
  | 'auth'
  /** other 4xx */
  | 'bad_request'
  /** The answer was not a valid tool call (no call, broken JSON, a refusal, fails the schema). */
  | 'invalid_output';

/** A failed model call. `retryable` says whether the same provider may be asked again. */
export class LlmProviderError extends ProviderError {
  readonly reason: LlmFailureReason;
  /** What the provider asked us to wait (`retry-after-ms` / `retry-after`), if anything. */
  readonly retryAfterMs: number | undefined;

  constructor(
    provider: LlmProviderName,
    reason: LlmFailureReason,
    message: string,
    options: { status?: number; requestId?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(provider, message, {
      ...(options.status !== undefined ? { status: options.status } : {}),
      ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
      cause: options.cause,
      retryable: RETRYABLE[reason],
    });
    this.name = 'LlmProviderError';
    this.reason = reason;
    this.retryAfterMs = options.retryAfterMs;
  }
}

const RETRYABLE: Record<LlmFailureReason, boolean> = {
  rate_limited: true,
  overloaded: true,
  server_error: true,
  timeout: true,
  connection: true,
  auth: false,
  bad_request: false,
  invalid_output: false,
};

/** What both SDKs' errors tell us, gathered by each provider from its own error classes. */
export interface SdkFailure {
  status: number | undefined;
  headers: Headers | undefined;
  requestId: string | null | undefined;
  message: string;
  timedOut: boolean;
}

export function reasonOfStatus(status: number | undefined, timedOut: boolean): LlmFailureReason {
  if (timedOut || status === 408) return 'timeout';
  if (status === undefined) return 'connection';
  if (status === 429) return 'rate_limited';
  if (status === 529 || status === 503) return 'overloaded';
  if (status >= 500) return 'server_error';
  if (status === 401 || status === 403) return 'auth';
  return 'bad_request';
}

/** `retry-after-ms` (both providers send it on 429s), else `retry-after` in seconds or a date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after');
  if (raw === null || raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function llmErrorOf(provider: LlmProviderName, f: SdkFailure, cause: unknown) {
  const reason = reasonOfStatus(f.status, f.timedOut);
  const after = retryAfterMs(f.headers);
  return new LlmProviderError(provider, reason, `${provider}: ${reason}: ${f.message}`, {
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
    ...(after !== undefined ? { retryAfterMs: after } : {}),
    cause,
  });
}

/** The error classes both SDKs (generated from the same template) export. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => {
    status: number | undefined;
    headers: Headers | undefined;
    requestID: string | null | undefined;
    message: string;
  };
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

/**
 * Sends one SDK request (`.withResponse()`), turning the SDK's HTTP errors into an
 * `LlmProviderError`; anything else (a bug) is rethrown as it is.
 */
export async function sdkRequest<T>(
  provider: LlmProviderName,
  sdk: SdkErrorClasses,
  send: () => Promise<{ data: T; request_id: string | null | undefined }>,
): Promise<{ data: T; requestId: string | undefined }> {
  try {
    const { data, request_id: requestId } = await send();
    return { data, requestId: requestId ?? undefined };
  } catch (err) {
    if (!(err instanceof sdk.APIError)) throw err;
    const failure: SdkFailure = {
      status: err.status,
      headers: err.headers,
      requestId: err.requestID,
      message: err.message,
      timedOut: err instanceof sdk.APIConnectionTimeoutError,
    };
    throw llmErrorOf(provider, failure, err);
  }
}

export function invalidOutput(
  provider: LlmProviderName,
  message: string,
  requestId: string | undefined,
): LlmProviderError {
  return new LlmProviderError(
    provider,
    'invalid_output',
    `${provider}: invalid_output: ${message}`,
    {
      ...(requestId ? { requestId } : {}),
    },
  );
}
