/**
 * Graph API errors (WhatsApp Cloud API, Messenger, Instagram) as ProviderErrors. Classification
 * branches on the Graph `error.code` (and subcode), never on the HTTP status alone: Meta has
 * documented throttling both as 429 and as 400.
 */
import { ProviderError } from '../../contract';
import { graphErrorEnvelopeSchema } from './schema';

export type GraphErrorReason =
  /** 131047 / Messenger 10+2018278: outside the 24-hour window; send a template instead. */
  | 'outside_window'
  /** 130429, 131056, 4, 17, 32, 613, 80007: throttled; retry later with backoff. */
  | 'rate_limited'
  /** 131026 / Messenger 551, 100+2018001: the recipient cannot receive messages (permanent). */
  | 'undeliverable'
  /** 131050 (marketing opt-out), 131049 (ecosystem limit, not within 24 h), 131048 (spam). */
  | 'blocked'
  /** 190, 10, 200: token expired or missing permission. */
  | 'auth'
  /** 100, 131008, 131009, 132xxx, ...: the request itself is wrong; resending will not help. */
  | 'invalid_request'
  /** 1, 2, 131000, 131016, 133004 and 5xx: Meta-side trouble; retry. */
  | 'server'
  /** No answer in time (timeout) or no connection. */
  | 'timeout'
  | 'network'
  /** A media download larger than the configured maximum. */
  | 'too_large'
  | 'unknown';

export interface GraphErrorInit {
  provider: string;
  message: string;
  reason: GraphErrorReason;
  retryable: boolean;
  status?: number;
  requestId?: string;
  graphCode?: number;
  graphSubcode?: number;
  details?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class GraphError extends ProviderError {
  readonly reason: GraphErrorReason;
  /** `error.code` of the Graph error body (131047, 130429, 131026, ...). */
  readonly graphCode: number | undefined;
  readonly graphSubcode: number | undefined;
  /** `error.error_data.details`: Meta's explanation (may name the number; keep out of logs). */
  readonly details: string | undefined;
  /** From a `Retry-After` header, when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: GraphErrorInit) {
    super(init.provider, init.message, {
      status: init.status,
      requestId: init.requestId,
      retryable: init.retryable,
      cause: init.cause,
    });
    this.name = 'GraphError';
    this.reason = init.reason;
    this.graphCode = init.graphCode;
    this.graphSubcode = init.graphSubcode;
    this.details = init.details;
    this.retryAfterMs = init.retryAfterMs;
  }
}

type Classification = { reason: GraphErrorReason; retryable: boolean };

const CODE_GROUPS: readonly (readonly [Classification, readonly number[]])[] = [
  [{ reason: 'outside_window', retryable: false }, [131047]],
  [{ reason: 'rate_limited', retryable: true }, [130429, 131056, 4, 17, 32, 613, 80007]],
  [{ reason: 'undeliverable', retryable: false }, [131026, 551]],
  [{ reason: 'blocked', retryable: false }, [131048, 131049, 131050]],
  [{ reason: 'auth', retryable: false }, [190, 10, 200]],
  [{ reason: 'server', retryable: true }, [1, 2, 131000, 131016, 133004, 1200]],
];

const BY_CODE: ReadonlyMap<number, Classification> = new Map(
  CODE_GROUPS.flatMap(([classification, codes]) => codes.map((c) => [c, classification] as const)),
);

/** Messenger subcodes that say more than their code: outside the window, no such user. */
const BY_SUBCODE: ReadonlyMap<number, Classification> = new Map([
  [2018278, { reason: 'outside_window', retryable: false }],
  [2018001, { reason: 'undeliverable', retryable: false }],
]);

export function classifyGraphCode(
  code: number | undefined,
  subcode: number | undefined,
  status: number | undefined,
): Classification {
  const bySubcode = subcode === undefined ? undefined : BY_SUBCODE.get(subcode);
  if (bySubcode !== undefined) return bySubcode;
  const known = code === undefined ? undefined : BY_CODE.get(code);
  if (known !== undefined) return known;
  if (status === undefined || status >= 500) return { reason: 'server', retryable: true };
  if (status === 408) return { reason: 'timeout', retryable: true };
  if (status === 429) return { reason: 'rate_limited', retryable: true };
  if (status === 401 || status === 403) return { reason: 'auth', retryable: false };
  if (status >= 400) return { reason: 'invalid_request', retryable: false };
  return { reason: 'unknown', retryable: false };
}

/** Builds the error for a non-2xx Graph response from its status, headers and body text. */
export function graphErrorFromResponse(
  provider: string,
  operation: string,
  response: { status: number; headers: Headers },
  bodyText: string,
): GraphError {
  const envelope = graphErrorEnvelopeSchema.safeParse(safeJson(bodyText));
  const error = envelope.success ? envelope.data.error : undefined;
  const code = error?.code;
  const subcode = error?.error_subcode;
  const { reason, retryable } = classifyGraphCode(code, subcode, response.status);
  const data = error?.error_data;
  const details = typeof data === 'string' ? data : data?.details;
  const summary = error?.message ?? `HTTP ${response.status}`;
  const init: GraphErrorInit = {
    provider,
    message: `${provider} ${operation} failed: ${summary}`,
    reason,
    retryable,
    status: response.status,
  };
  const requestId = error?.fbtrace_id ?? response.headers.get('x-fb-trace-id') ?? undefined;
  if (requestId !== undefined) init.requestId = requestId;
  if (code !== undefined) init.graphCode = code;
  if (subcode !== undefined) init.graphSubcode = subcode;
  if (details !== undefined) init.details = details;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  return new GraphError(init);
}

/** A request that got no HTTP answer: timed out (our AbortSignal) or failed to connect. */
export function graphErrorFromThrown(
  provider: string,
  operation: string,
  err: unknown,
): GraphError {
  const timedOut =
    err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const what = timedOut ? 'timed out' : 'could not reach the server';
  return new GraphError({
    provider,
    message: `${provider} ${operation} ${what}`,
    reason: timedOut ? 'timeout' : 'network',
    retryable: true,
    cause: err,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
