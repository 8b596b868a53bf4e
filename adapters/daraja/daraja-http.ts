/**
 * One Daraja HTTP call with a deadline. Non-2xx answers become DarajaErrors carrying Daraja's
 * `errorCode` and `requestId`; transport failures become retryable DarajaErrors.
 */
import { ProviderError } from '../../contract';
import { jsonCall } from '../provider-http';
import { darajaErrorSchema } from './schema';

export const DARAJA_PROVIDER = 'daraja';

export class DarajaError extends ProviderError {
  /** Daraja's `errorCode` ("500.001.1001", "404.001.03"), when it sent one. */
  readonly errorCode: string | undefined;

  constructor(
    message: string,
    init: {
      status?: number;
      errorCode?: string;
      requestId?: string;
      retryable?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(DARAJA_PROVIDER, message, {
      ...(init.status !== undefined ? { status: init.status } : {}),
      ...(init.requestId !== undefined ? { requestId: init.requestId } : {}),
      ...(init.retryable !== undefined ? { retryable: init.retryable } : {}),
      cause: init.cause,
    });
    this.name = 'DarajaError';
    this.errorCode = init.errorCode;
  }
}

export interface DarajaCall {
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  authorization: string;
  json?: unknown;
  timeoutMs: number;
}

/** Performs the call; resolves with the parsed JSON of a 2xx answer. */
export async function darajaCall(call: DarajaCall): Promise<unknown> {
  const { status, text, json } = await jsonCall(
    {
      method: call.method,
      url: call.url,
      headers: { Authorization: call.authorization },
      ...(call.json !== undefined ? { json: call.json } : {}),
      timeoutMs: call.timeoutMs,
    },
    (detail, cause) =>
      new DarajaError(`daraja ${call.operation}: ${detail}`, { retryable: true, cause }),
  );
  if (status >= 200 && status < 300) {
    if (json === undefined) {
      throw new DarajaError(`daraja ${call.operation}: answer is not JSON (HTTP ${status})`, {
        status,
        retryable: true,
      });
    }
    return json;
  }
  const e = darajaErrorSchema.safeParse(json);
  const detail = e.success ? `${e.data.errorCode} ${e.data.errorMessage}` : text.slice(0, 200);
  throw new DarajaError(`daraja ${call.operation}: HTTP ${status} ${detail}`, {
    status,
    ...(e.success ? { errorCode: e.data.errorCode } : {}),
    ...(e.success && e.data.requestId ? { requestId: e.data.requestId } : {}),
  });
}
