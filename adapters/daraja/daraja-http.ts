/**
 * One Daraja HTTP call with a deadline. Non-2xx answers become DarajaErrors carrying Daraja's
 * `errorCode` and `requestId`; transport failures become retryable DarajaErrors.
 */
import { request as undiciRequest } from 'undici';
import { ProviderError } from '../../contract';
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

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Performs the call; resolves with the parsed JSON of a 2xx answer. */
export async function darajaCall(call: DarajaCall): Promise<unknown> {
  let status: number;
  let text: string;
  try {
    const res = await undiciRequest(call.url, {
      method: call.method,
      headers: {
        Authorization: call.authorization,
        Accept: 'application/json',
        ...(call.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(call.json !== undefined ? { body: JSON.stringify(call.json) } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    status = res.statusCode;
    text = await readLimited(res.body);
  } catch (err) {
    throw new DarajaError(`daraja ${call.operation}: ${describe(err)}`, {
      retryable: true,
      cause: err,
    });
  }
  const json = parse(text);
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
