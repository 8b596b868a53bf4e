/**
 * What the SDK-less payment clients (Daraja, PesaPal) share: one JSON call with a deadline and a
 * bounded answer, an error class carrying the provider's own error code, and a bearer-token cache
 * per app that renews a token shortly before it expires, fetches one at a time per app, and
 * retries a call once with a fresh token when the provider refuses the old one. Each client says
 * how its provider's refusals read.
 */
import { request as undiciRequest } from 'undici';
import { ProviderError, RatibaError } from '../contract';

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

export interface CodedErrorInit {
  status?: number;
  /** The provider's own error code (Daraja's `errorCode`, PesaPal's `error.code`). */
  errorCode?: string;
  requestId?: string;
  retryable?: boolean;
  cause?: unknown;
}

/** A payment provider's error, with the provider's own error code when it sent one. */
export class CodedProviderError extends ProviderError {
  readonly errorCode: string | undefined;

  constructor(provider: string, message: string, init: CodedErrorInit = {}) {
    const { errorCode, ...options } = init;
    super(provider, message, options);
    this.errorCode = errorCode;
  }
}

export interface ProviderCall extends JsonCall {
  /** Named in error messages: `<provider> <operation>: ...`. */
  operation: string;
}

/** What a refused answer means: the message's detail and the error's fields. */
export type Refusal = CodedErrorInit & { detail: string };

/**
 * One call to a payment provider; resolves with the JSON of a 2xx answer. A transport failure
 * becomes a retryable `ProviderErr`; any other answer becomes one as `refused` reads it.
 */
export async function providerCall(
  provider: string,
  call: ProviderCall,
  ProviderErr: new (message: string, init: CodedErrorInit) => CodedProviderError,
  refused: (answer: JsonAnswer) => Refusal,
): Promise<unknown> {
  const prefix = `${provider} ${call.operation}`;
  const answer = await jsonCall(
    call,
    (detail, cause) => new ProviderErr(`${prefix}: ${detail}`, { retryable: true, cause }),
  );
  if (answer.status >= 200 && answer.status < 300 && answer.json !== undefined) return answer.json;
  const { detail, ...init } = refused(answer);
  throw new ProviderErr(`${prefix}: ${detail}`, init);
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

/** Which of a provider's base URLs a tenant's app lives at. */
export type Environment = 'sandbox' | 'production';

/** A tenant's app at a payment provider. Secrets: never log this object. */
export interface AppCredentials {
  environment: Environment;
  consumerKey: string;
  consumerSecret: string;
}

/**
 * The base of a payment client: the tenant's base URL, and bearer tokens cached per app (base URL
 * and consumer key). Credentials are per tenant and passed with every call.
 */
export abstract class TokenClient<C extends AppCredentials> {
  private readonly tokens: TokenCache;

  /** The provider's own base URLs. */
  protected abstract readonly baseUrls: Readonly<Record<Environment, string>>;

  constructor(protected readonly options: ProviderClientOptions) {
    this.tokens = new TokenCache(options.now);
  }

  baseUrl(c: C): string {
    return (this.options.baseUrl ?? this.baseUrls[c.environment]).replace(/\/+$/, '');
  }

  /** The cached token of this app, or a new one (one request at a time per app). */
  token(c: C): Promise<string> {
    return this.tokens.get(this.tokenKey(c), () => this.fetchToken(c));
  }

  /** Calls with a token; a token `refused` says was refused is dropped and the call made again. */
  protected withToken<T>(
    c: C,
    call: (token: string) => Promise<T>,
    refused: (err: unknown) => boolean,
  ): Promise<T> {
    return this.tokens.withToken(this.tokenKey(c), () => this.fetchToken(c), call, refused);
  }

  protected abstract fetchToken(c: C): Promise<CachedToken>;

  private tokenKey(c: C): string {
    return `${this.baseUrl(c)}\u0000${c.consumerKey}`;
  }
}

/** The options of a payment client: where it calls, how long it waits, its clock. */
export interface ProviderClientOptions {
  /** Overrides every tenant's sandbox/production base URL (tests: a fake server). */
  baseUrl: string | undefined;
  timeoutMs: number;
  /** A token is renewed this long before the provider says it expires. */
  tokenMarginMs: number;
  now: () => number;
}

/** A payment client's defaults: no base URL override, 15 s per call, the real clock. */
export const clientDefaults = (tokenMarginMs: number): Readonly<ProviderClientOptions> => ({
  baseUrl: undefined,
  timeoutMs: 15_000,
  tokenMarginMs,
  now: () => Date.now(),
});

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
