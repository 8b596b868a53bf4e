/**
 * One PesaPal HTTP call with a deadline. Non-2xx answers and 2xx answers whose `status` is not
 * "200" become PesapalErrors carrying PesaPal's error code; transport failures are retryable.
 */
import { request as undiciRequest } from 'undici';
import { ProviderError } from '../../contract';
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

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Performs the call; resolves with the parsed JSON of a 2xx answer and its HTTP status. */
export async function pesapalCall(call: PesapalCall): Promise<unknown> {
  let status: number;
  let text: string;
  try {
    const res = await undiciRequest(call.url, {
      method: call.method,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
      },
      ...(call.json !== undefined ? { body: JSON.stringify(call.json) } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    status = res.statusCode;
    text = await readLimited(res.body);
  } catch (err) {
    throw new PesapalError(`pesapal ${call.operation}: ${describe(err)}`, {
      retryable: true,
      cause: err,
    });
  }
  const json = parse(text);
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

async function readLimited(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES)
      throw new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.name === 'TimeoutError' ? 'timed out' : err.message;
  return String(err);
}
