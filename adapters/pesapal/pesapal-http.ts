/**
 * One PesaPal HTTP call with a deadline. Non-2xx answers and 2xx answers whose `status` is not
 * "200" become PesapalErrors carrying PesaPal's error code; transport failures are retryable.
 */
import { ProviderError } from '../../contract';
import { jsonCall } from '../provider-http';
import type { PesapalErrorBody } from './schema';

export const PESAPAL_PROVIDER = 'pesapal';

export class PesapalError extends ProviderError {
  /** PesaPal's `error.code` (`payment_details_not_found`, `invalid_api_credentials`...). */
  readonly errorCode: string | undefined;

  constructor(
    message: string,
    init: { status?: number; errorCode?: string; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(PESAPAL_PROVIDER, message, {
      ...(init.status !== undefined ? { status: init.status } : {}),
      ...(init.retryable !== undefined ? { retryable: init.retryable } : {}),
      cause: init.cause,
    });
    this.name = 'PesapalError';
    this.errorCode = init.errorCode;
  }
}

export interface PesapalCall {
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  token?: string;
  json?: unknown;
  timeoutMs: number;
}

/** Performs the call; resolves with the parsed JSON of a 2xx answer. */
export async function pesapalCall(call: PesapalCall): Promise<unknown> {
  const { status, text, json } = await jsonCall(
    {
      method: call.method,
      url: call.url,
      // PesaPal's samples send a JSON content type on every call, GETs included.
      headers: {
        'Content-Type': 'application/json',
        ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
      },
      ...(call.json !== undefined ? { json: call.json } : {}),
      timeoutMs: call.timeoutMs,
    },
    (detail, cause) =>
      new PesapalError(`pesapal ${call.operation}: ${detail}`, { retryable: true, cause }),
  );
  if (status >= 200 && status < 300 && json !== undefined) return json;
  const err = (json as { error?: PesapalErrorBody } | undefined)?.error;
  throw new PesapalError(
    `pesapal ${call.operation}: HTTP ${status} ${err?.message ?? text.slice(0, 200)}`,
    {
      // An answer that is not JSON is a proxy or outage page: try again later.
      ...(json === undefined ? { retryable: true } : {}),
      status,
      ...(err?.code ? { errorCode: err.code } : {}),
    },
  );
}

/** A 200 answer whose body says `status: "500"` and carries an error: a refusal. */
export function refusal(
  operation: string,
  body: { error?: PesapalErrorBody; status?: string | null },
) {
  const e = body.error;
  const code = e?.code ?? undefined;
  return new PesapalError(
    `pesapal ${operation} refused: ${[e?.error_type ?? e?.type, code, e?.message].filter(Boolean).join(' ') || `status ${body.status ?? 'missing'}`}`,
    { status: 400, ...(code ? { errorCode: code } : {}) },
  );
}

export const accepted = (body: { error?: PesapalErrorBody; status?: string | null }) =>
  body.status === '200' && !body.error?.code && !body.error?.message;
