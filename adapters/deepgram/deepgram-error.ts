/**
 * Deepgram failures as ProviderErrors. Classified by HTTP status (Deepgram's error codes are
 * prose, not a stable list): 408, 429 and 5xx, timeouts and network failures are worth another
 * try later; 400 (audio it cannot decode, a bad parameter), 401/403 (key) and other 4xx are not.
 */
import { ProviderError } from '../../contract';
import { deepgramErrorBodySchema } from './schema';

export type DeepgramErrorReason =
  'bad_request' | 'auth' | 'rate_limited' | 'server' | 'timeout' | 'network' | 'unexpected_answer';

export const DEEPGRAM_PROVIDER = 'deepgram';

export class DeepgramApiError extends ProviderError {
  readonly reason: DeepgramErrorReason;
  /** From a `Retry-After` header, when Deepgram sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    message: string;
    reason: DeepgramErrorReason;
    status?: number;
    requestId?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(DEEPGRAM_PROVIDER, init.message, {
      ...(init.status !== undefined ? { status: init.status } : {}),
      ...(init.requestId !== undefined ? { requestId: init.requestId } : {}),
      cause: init.cause,
      retryable: RETRYABLE[init.reason],
    });
    this.name = 'DeepgramApiError';
    this.reason = init.reason;
    this.retryAfterMs = init.retryAfterMs;
  }
}

const RETRYABLE: Record<DeepgramErrorReason, boolean> = {
  bad_request: false,
  auth: false,
  rate_limited: true,
  server: true,
  timeout: true,
  network: true,
  unexpected_answer: false,
};

export function reasonOfStatus(status: number): DeepgramErrorReason {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** An error answer (status + body) as a DeepgramApiError. */
export function deepgramErrorFromAnswer(
  status: number,
  body: unknown,
  headers: Headers | undefined,
): DeepgramApiError {
  const parsed = deepgramErrorBodySchema.safeParse(body);
  const b = parsed.success ? parsed.data : {};
  const text = b.err_msg ?? b.message ?? (typeof body === 'string' ? body.slice(0, 200) : '');
  const code = b.err_code ?? b.category;
  const requestId = b.request_id ?? headers?.get('dg-request-id') ?? undefined;
  const retryAfterMs = retryAfter(headers?.get('retry-after') ?? null);
  return new DeepgramApiError({
    message: `deepgram transcribe: HTTP ${status}${code ? ` ${code}` : ''}${text ? `: ${text}` : ''}`,
    reason: reasonOfStatus(status),
    status,
    ...(requestId ? { requestId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
