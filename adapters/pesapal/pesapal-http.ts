/**
 * One PesaPal HTTP call with a deadline. Non-2xx answers and 2xx answers whose `status` is not
 * "200" become PesapalErrors carrying PesaPal's error code; transport failures are retryable.
 */
import * as http from '../provider-http';
import type { PesapalErrorBody } from './schema';

export const PESAPAL_PROVIDER = 'pesapal';

/** `errorCode`: PesaPal's `error.code` (`payment_details_not_found`, `invalid_api_credentials`...). */
export class PesapalError extends http.CodedProviderError {
  constructor(message: string, init: http.CodedErrorInit = {}) {
    super(PESAPAL_PROVIDER, message, init);
    this.name = 'PesapalError';
  }
}

export type PesapalCall = Omit<http.ProviderCall, 'headers'> & { token?: string };

/** Performs the call; resolves with the parsed JSON of a 2xx answer. */
export function pesapalCall({ token, ...call }: PesapalCall): Promise<unknown> {
  // PesaPal's samples send a JSON content type on every call, GETs included.
  const headers = {
    'Content-Type': 'application/json',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
  return http.providerCall(PESAPAL_PROVIDER, { ...call, headers }, PesapalError, refused);
}

function refused({ status, text, json }: http.JsonAnswer): http.Refusal {
  const err = (json as { error?: PesapalErrorBody } | undefined)?.error;
  return {
    detail: `HTTP ${status} ${err?.message ?? text.slice(0, 200)}`,
    // An answer that is not JSON is a proxy or outage page: try again later.
    ...(json === undefined ? { retryable: true } : {}),
    status,
    ...(err?.code ? { errorCode: err.code } : {}),
  };
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
