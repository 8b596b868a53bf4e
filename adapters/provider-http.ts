/**
 * What the SDK-less payment clients (Daraja, PesaPal) share: one JSON call with a deadline and a
 * bounded answer, and a bearer-token cache per app that renews a token shortly before it expires,
 * fetches one at a time per app, and retries a call once with a fresh token when the provider
 * refuses the old one. Each client maps answers and failures to its own error class.
 */
import { request as undiciRequest } from 'undici';
import { RatibaError } from '../contract';

export interface JsonCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  timeoutMs: number;
}

/** The HTTP status, the body's text, and its JSON (undefined when it is not JSON). */
export interface JsonAnswer {
  status: number;
  text: string;
  json: unknown;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Performs the call. A transport failure (refused, reset, timed out, an answer too large) is
 * handed to `transportError` with a short description and becomes what it returns.
 */
export async function jsonCall(
  call: JsonCall,
  transportError: (detail: string, cause: unknown) => Error,
): Promise<JsonAnswer> {
  try {
    const res = await undiciRequest(call.url, {
      method: call.method,
      headers: {
        Accept: 'application/json',
        ...(call.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...call.headers,
      },
      ...(call.json !== undefined ? { body: JSON.stringify(call.json) } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await readLimited(res.body);
    return { status: res.statusCode, text, json: parse(text) };
  } catch (err) {
    throw transportError(describe(err), err);
  }
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

export interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Bearer tokens per app (`key`: base URL and consumer key), shared by every tenant of the app. */
export class TokenCache {
  private readonly tokens = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number) {}

  /** The cached token of this app, or a new one (one request at a time per app). */
  async get(key: string, fetchToken: () => Promise<CachedToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached) {
      const t = await cached.catch(() => undefined);
      if (t && t.expiresAt > this.now()) return t.token;
      if (this.tokens.get(key) === cached) this.tokens.delete(key);
    }
    let pending = this.tokens.get(key);
    if (!pending) {
      pending = fetchToken();
      this.tokens.set(key, pending);
      pending.catch(() => this.tokens.delete(key));
    }
    return (await pending).token;
  }

  /** Calls with a token; a refused token is dropped and the call made once more. */
  async withToken<T>(
    key: string,
    fetchToken: () => Promise<CachedToken>,
    call: (token: string) => Promise<T>,
    refused: (err: unknown) => boolean,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.get(key, fetchToken);
      try {
        return await call(token);
      } catch (err) {
        if (!refused(err) || attempt > 1) throw err;
        this.tokens.delete(key);
      }
    }
  }
}

/** A token's expiry: its lifetime less a margin (at most half the lifetime). */
export const tokenExpiry = (now: number, lifetimeMs: number, marginMs: number): number =>
  now + lifetimeMs - Math.min(marginMs, lifetimeMs / 2);

/** The options of a payment client: where it calls, how long it waits, its clock. */
export interface ProviderClientOptions {
  /** Overrides every tenant's sandbox/production base URL (tests: a fake server). */
  baseUrl: string | undefined;
  timeoutMs: number;
  /** A token is renewed this long before the provider says it expires. */
  tokenMarginMs: number;
  now: () => number;
}

/** The defaults overlaid with `options`, checked: a bad base URL or timeout fails at creation. */
export function clientOptions(
  provider: string,
  defaults: Readonly<ProviderClientOptions>,
  options: Partial<ProviderClientOptions>,
): ProviderClientOptions {
  const resolved: ProviderClientOptions = { ...defaults, ...options };
  if (resolved.baseUrl !== undefined && !/^https?:\/\//.test(resolved.baseUrl)) {
    throw new RatibaError(
      'invalid_config',
      `${provider} adapter: baseUrl is not http(s): ${resolved.baseUrl}`,
    );
  }
  if (!(resolved.timeoutMs > 0)) {
    throw new RatibaError('invalid_config', `${provider} adapter: timeoutMs must be positive`);
  }
  return resolved;
}
