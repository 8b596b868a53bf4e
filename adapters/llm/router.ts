/**
 * The one way to a model (DESIGN.md section 6). For a job (`LlmJob`, contract/llm.ts): ask the
 * first provider with a deadline; on a retryable failure (429, 5xx, timeout, connection) ask it
 * once more, waiting what it asked for (`retry-after`) when that is short; then fail over to the
 * next provider the same way; then fall back to the job's embedded answer. The job validates a
 * model answer, and an invalid one counts as a failure (and fails over at once: the same pinned
 * prompt would likely fail the same way). Every call is written to the ledger. The router knows
 * no prompt and never throws to its caller.
 */
import { randomUUID } from 'node:crypto';
import type { LlmJob, LlmRequest, LlmTask } from '../../contract';
import type { LedgerEntry, LedgerSink } from './ledger';
import { LlmProviderError, type LlmFailureReason } from './llm-error';
import { MODEL_PRICES, costUsdMicros, type ModelPrice } from './prices';
import { ProviderHealth } from './provider-health';
import type { LlmProvider, LlmProviderName } from './types';

export type RouterEvent =
  | {
      type: 'attempt_failed';
      task: LlmTask;
      tenant: string;
      provider: LlmProviderName;
      attempt: number;
      reason: LlmFailureReason;
      detail: string;
    }
  | { type: 'fallback'; task: LlmTask; tenant: string; reasons: LlmFailureReason[] }
  | { type: 'ledger_failed'; tenant: string; error: unknown }
  | { type: 'provider_paused'; provider: LlmProviderName; forMs: number }
  | { type: 'fallback_failed'; task: LlmTask; tenant: string; error: unknown };

export interface LlmRouterOptions {
  /** Preference order: the first is asked first, the next one is the fail-over. */
  providers: readonly LlmProvider[];
  ledger: LedgerSink;
  /** Deadline of one attempt. */
  timeoutMs: number;
  /** Budget of one routed request, retries and fail-over included; then the embedded answer. */
  deadlineMs: number;
  /** Wait before the retry when the provider did not say how long. */
  retryDelayMs: number;
  /** The longest `retry-after` honoured; a longer one fails over at once. */
  maxRetryDelayMs: number;
  /**
   * Circuit breaker: after this many failed calls in a row a provider is skipped for `pauseMs`,
   * so an outage costs one deadline, not one per message. An invalid answer does not count (the
   * provider is up).
   */
  pauseAfterFailures: number;
  pauseMs: number;
  prices: Readonly<Record<string, ModelPrice>>;
  onEvent: (event: RouterEvent) => void;
  /** Injected for tests. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  newId: () => string;
}

export const DEFAULT_LLM_ROUTER_OPTIONS: Readonly<Omit<LlmRouterOptions, 'providers' | 'ledger'>> =
  {
    timeoutMs: 5000,
    deadlineMs: 12_000,
    retryDelayMs: 250,
    maxRetryDelayMs: 2000,
    pauseAfterFailures: 4,
    pauseMs: 30_000,
    prices: MODEL_PRICES,
    onEvent: () => {},
    clock: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newId: () => randomUUID(),
  };

export interface Routed<T> {
  value: T;
  source: LlmProviderName | 'embedded';
  promptVersion: string;
  /** Why the earlier attempts failed, in order (empty when the first one answered). */
  failures: LlmFailureReason[];
}

export interface LlmRouter {
  readonly providers: readonly LlmProviderName[];
  /** Never throws: without a valid model answer, the job's fallback is the value. */
  route<T>(job: LlmJob<T>): Promise<Routed<T>>;
}

export function createLlmRouter(
  options: Partial<LlmRouterOptions> & Pick<LlmRouterOptions, 'providers' | 'ledger'>,
): LlmRouter {
  return new FailoverRouter({ ...DEFAULT_LLM_ROUTER_OPTIONS, ...options });
}

/** Nothing billed: a call that failed before an answer, or the embedded fallback. */
const UNBILLED = {
  tokensIn: 0,
  tokensOut: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  costUsdMicros: 0,
} as const;

/** One routed request in progress. */
interface Run {
  routeId: string;
  started: number;
  attempt: number;
  failures: LlmFailureReason[];
}

type Attempt<T> =
  { kind: 'answer'; value: T } | { kind: 'invalid' } | { kind: 'failed'; error: LlmProviderError };

class FailoverRouter implements LlmRouter {
  readonly providers: readonly LlmProviderName[];
  private readonly health: ProviderHealth;

  constructor(private readonly o: LlmRouterOptions) {
    this.providers = o.providers.map((p) => p.name);
    this.health = new ProviderHealth({
      pauseAfterFailures: o.pauseAfterFailures,
      pauseMs: o.pauseMs,
      clock: o.clock,
      onPaused: (provider, forMs) => o.onEvent({ type: 'provider_paused', provider, forMs }),
    });
  }

  async route<T>(job: LlmJob<T>): Promise<Routed<T>> {
    const { promptVersion } = job;
    if (job.call === null) {
      // Nothing a model reads better than the embedded answer: no model, no ledger row.
      const value = await Promise.resolve().then(job.fallback).catch(job.lastResort);
      return { value, source: 'embedded', promptVersion, failures: [] };
    }
    const run: Run = { routeId: this.o.newId(), started: this.o.clock(), attempt: 0, failures: [] };
    providers: for (const provider of this.o.providers) {
      if (this.health.paused(provider.name)) continue;
      for (let tryNo = 1; tryNo <= 2; tryNo++) {
        const remaining = this.o.deadlineMs - (this.o.clock() - run.started);
        if (remaining <= 0) break providers;
        const r = await this.attempt(provider, job, job.call, run, remaining);
        if (r.kind === 'answer')
          return { value: r.value, source: provider.name, promptVersion, failures: run.failures };
        if (r.kind === 'invalid' || !this.mayRetry(provider, r.error, tryNo, run))
          continue providers;
        await this.o.sleep(r.error.retryAfterMs ?? this.o.retryDelayMs);
      }
    }
    return this.fallBack(job, run);
  }

  /**
   * Retry the same provider once, after a retryable failure, unless it is paused now or the wait
   * it asked for is longer than a chat turn can spare. An invalid answer fails over at once: the
   * same pinned prompt would likely fail the same way.
   */
  private mayRetry(provider: LlmProvider, e: LlmProviderError, tryNo: number, run: Run): boolean {
    if (!e.retryable || tryNo === 2 || this.health.paused(provider.name)) return false;
    const wait = e.retryAfterMs ?? this.o.retryDelayMs;
    const left = this.o.deadlineMs - (this.o.clock() - run.started);
    return wait <= this.o.maxRetryDelayMs && wait < left;
  }

  private async attempt<T>(
    provider: LlmProvider,
    job: LlmJob<T>,
    request: LlmRequest,
    run: Run,
    remaining: number,
  ): Promise<Attempt<T>> {
    run.attempt++;
    const t0 = this.o.clock();
    const row = this.row(job, run, { provider: provider.name, at: new Date() });
    try {
      const c = await provider.complete({
        ...request,
        timeoutMs: Math.min(this.o.timeoutMs, remaining),
      });
      const checked = c.problem
        ? { ok: false as const, problem: c.problem }
        : job.validate(c.output);
      await this.record({
        ...row,
        model: c.model,
        outcome: checked.ok ? 'ok' : 'error',
        errorCode: checked.ok ? null : 'invalid_output',
        tokensIn: c.usage.inputTokens,
        tokensOut: c.usage.outputTokens,
        cachedTokens: c.usage.cachedInputTokens,
        cacheWriteTokens: c.usage.cacheWriteTokens,
        costUsdMicros: costUsdMicros(c.model, c.usage, this.o.prices) ?? null,
        latencyMs: this.o.clock() - t0,
        requestId: c.requestId ?? null,
      });
      this.health.succeeded(provider.name);
      if (checked.ok) return { kind: 'answer', value: checked.value };
      run.failures.push('invalid_output');
      this.emitFailure(job, provider, run, 'invalid_output', checked.problem);
      return { kind: 'invalid' };
    } catch (err) {
      const e =
        err instanceof LlmProviderError
          ? err
          : new LlmProviderError(provider.name, 'connection', String(err), { cause: err });
      run.failures.push(e.reason);
      this.health.failed(provider.name);
      await this.record({
        ...row,
        ...UNBILLED,
        model: provider.model,
        outcome: 'error',
        errorCode: e.reason,
        latencyMs: this.o.clock() - t0,
        requestId: e.requestId ?? null,
      });
      this.emitFailure(job, provider, run, e.reason, e.message);
      return { kind: 'failed', error: e };
    }
  }

  private emitFailure<T>(
    job: LlmJob<T>,
    provider: LlmProvider,
    run: Run,
    reason: LlmFailureReason,
    detail: string,
  ): void {
    const { task, tenant } = job;
    const { attempt } = run;
    this.o.onEvent({
      type: 'attempt_failed',
      task,
      tenant,
      provider: provider.name,
      attempt,
      reason,
      detail,
    });
  }

  private async fallBack<T>(job: LlmJob<T>, run: Run): Promise<Routed<T>> {
    const { task, tenant } = job;
    this.o.onEvent({ type: 'fallback', task, tenant, reasons: run.failures });
    let value: T;
    try {
      value = await job.fallback();
    } catch (error) {
      this.o.onEvent({ type: 'fallback_failed', task, tenant, error });
      value = job.lastResort();
    }
    run.attempt++;
    await this.record({
      ...this.row(job, run, { provider: 'embedded', at: new Date() }),
      ...UNBILLED,
      model: 'embedded',
      outcome: 'fallback',
      errorCode: run.failures.at(-1) ?? null,
      latencyMs: this.o.clock() - run.started,
      requestId: null,
    });
    return { value, source: 'embedded', promptVersion: job.promptVersion, failures: run.failures };
  }

  /** What every ledger row of this attempt says, whatever its outcome. */
  private row<T>(
    job: LlmJob<T>,
    run: Run,
    who: Pick<LedgerEntry, 'provider' | 'at'>,
  ): Pick<
    LedgerEntry,
    'tenant' | 'routeId' | 'task' | 'promptVersion' | 'threadKey' | 'attempt' | 'provider' | 'at'
  > {
    return {
      tenant: job.tenant,
      routeId: run.routeId,
      task: job.task,
      promptVersion: job.promptVersion,
      threadKey: job.threadKey ?? null,
      attempt: run.attempt,
      ...who,
    };
  }

  private async record(entry: LedgerEntry): Promise<void> {
    try {
      await this.o.ledger.record(entry);
    } catch (error) {
      this.o.onEvent({ type: 'ledger_failed', tenant: entry.tenant, error });
    }
  }
}
