/**
 * The base of the adapters' provider errors: a ProviderError that also says why it failed, in
 * the adapter's own words (`reason`), and how long the provider asked us to wait.
 */
import { ProviderError } from '../contract';

export interface ReasonedProviderErrorInit<R extends string> {
  message: string;
  reason: R;
  retryable: boolean;
  status?: number;
  requestId?: string;
  /** From a `Retry-After` header, when the provider sent one. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ReasonedProviderError<R extends string> extends ProviderError {
  readonly reason: R;
  /** From a `Retry-After` header, when the provider sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(provider: string, init: ReasonedProviderErrorInit<R>) {
    super(provider, init.message, {
      status: init.status,
      requestId: init.requestId,
      retryable: init.retryable,
      cause: init.cause,
    });
    this.reason = init.reason;
    this.retryAfterMs = init.retryAfterMs;
  }
}
