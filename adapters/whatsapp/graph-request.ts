/**
 * One authenticated Graph API request with a deadline, shared by the WhatsApp and Meta clients.
 * Non-2xx answers and transport failures become GraphErrors; 2xx bodies are returned as text.
 */
import { GraphError, graphErrorFromResponse, graphErrorFromThrown } from './graph-error';

export interface GraphRequest {
  provider: string;
  /** Short name for messages: "send", "mark read", "media lookup". */
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  accessToken: string;
  json?: unknown;
  timeoutMs: number;
  /** Refuse (without reading further) a 2xx body larger than this. */
  maxBytes?: number;
  /** A binary download (media) rather than a JSON API call. */
  binary?: boolean;
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Performs the request; resolves only for 2xx, otherwise rejects with a GraphError. */
export async function graphRequest(request: GraphRequest): Promise<GraphResponse> {
  const headers: Record<string, string> = { Authorization: `Bearer ${request.accessToken}` };
  if (request.binary !== true) headers.Accept = 'application/json';
  const init: RequestInit = {
    method: request.method,
    headers,
    signal: AbortSignal.timeout(request.timeoutMs),
    redirect: 'follow',
  };
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(request.json);
  }
  let response: Response;
  let body: Buffer;
  try {
    response = await fetch(request.url, init);
    body = await readBody(response, request);
  } catch (err) {
    if (err instanceof GraphError) throw err;
    throw graphErrorFromThrown(request.provider, request.operation, err);
  }
  if (response.status < 200 || response.status > 299) {
    throw graphErrorFromResponse(
      request.provider,
      request.operation,
      response,
      body.toString('utf8'),
    );
  }
  return { status: response.status, headers: response.headers, body };
}

async function readBody(response: Response, request: GraphRequest): Promise<Buffer> {
  const max = response.ok ? request.maxBytes : undefined;
  if (max === undefined || response.body === null) {
    return Buffer.from(await response.arrayBuffer());
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const chunks: Uint8Array[] = [];
  let size = Number.isFinite(declared) ? declared : 0;
  if (size <= max) {
    size = 0;
    for await (const value of response.body) {
      const chunk = value instanceof Uint8Array ? value : Buffer.from(String(value));
      size += chunk.byteLength;
      if (size > max) break;
      chunks.push(chunk);
    }
  }
  if (size > max) {
    await response.body.cancel().catch(() => undefined);
    throw new GraphError({
      provider: request.provider,
      message: `${request.provider} ${request.operation}: body larger than ${max} bytes`,
      reason: 'too_large',
      retryable: false,
      status: response.status,
    });
  }
  return Buffer.concat(chunks);
}

/** A 2xx answer we cannot read. Not retryable: the request may well have been carried out. */
export function unexpectedAnswer(
  provider: string,
  operation: string,
  response: GraphResponse,
  detail: string,
): GraphError {
  return new GraphError({
    provider,
    message: `${provider} ${operation}: unexpected answer (${detail})`,
    reason: 'unknown',
    retryable: false,
    status: response.status,
  });
}

export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function joinUrl(base: string, ...segments: string[]): string {
  return [base.replace(/\/+$/, ''), ...segments.map((s) => encodeURIComponent(s))].join('/');
}
