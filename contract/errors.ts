/** The one error hierarchy of the project (see CONVENTIONS.md, "Errors"). */
export type ErrorCode =
  | 'bad_request'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'unknown_tenant'
  | 'invalid_tenant_file'
  | 'invalid_schema_name'
  | 'invalid_config'
  | 'boot_failed'
  | 'stale_epoch'
  | 'snapshot_version_unknown'
  | 'machine_error'
  | 'unknown_effect'
  | 'provider_error'
  | 'database_unavailable'
  | 'timeout'
  | 'shutting_down'
  | 'internal';

export interface RatibaErrorOptions {
  retryable?: boolean;
  public?: boolean;
  cause?: unknown;
}

export class RatibaError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Safe to show to the caller (HTTP 4xx body). */
  readonly public: boolean;

  constructor(code: ErrorCode, message: string, options: RatibaErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'RatibaError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.public = options.public ?? false;
  }
}

/** An error answered by an external provider (HTTP API). 4xx is final except 408 and 429. */
export class ProviderError extends RatibaError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    provider: string,
    message: string,
    options: { status?: number; requestId?: string; cause?: unknown; retryable?: boolean } = {},
  ) {
    const status = options.status;
    const retryable =
      options.retryable ??
      (status === undefined || status >= 500 || status === 408 || status === 429);
    super('provider_error', message, { retryable, cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.status = status;
    this.requestId = options.requestId;
  }
}

export function publicError(code: ErrorCode, message: string): RatibaError {
  return new RatibaError(code, message, { public: true });
}

export function isRetryable(err: unknown): boolean {
  return err instanceof RatibaError ? err.retryable : true;
}

export function assertNever(value: never, what = 'value'): never {
  throw new RatibaError('internal', `unexpected ${what}: ${JSON.stringify(value)}`);
}
