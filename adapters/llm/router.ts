/**
 * The one way to a model (DESIGN.md section 6). For a task: ask the first provider with a
 * deadline; on a retryable failure (429, 5xx, timeout, connection) ask it once more, waiting what
 * it asked for (`retry-after`) when that is short; then fail over to the next provider the same
 * way; then fall back to the embedded answer. A model answer is validated with zod and an invalid
 * one counts as a failure (and fails over at once: the same pinned prompt would likely fail the
 * same way). Every call is written to the ledger. The router never throws to its caller.
 */
import { randomUUID } from 'node:crypto';
import type { Language, Understanding } from '../../machines';
import type { LedgerEntry, LedgerSink, LlmTask } from './ledger';
import { LlmProviderError, type LlmFailureReason } from './llm-error';
import { MODEL_PRICES, costUsdMicros, type ModelPrice } from './prices';
import { PINNED_PROMPTS, promptVersionOf, type TenantProfile } from '../../understanding/prompts';
import type { LlmCall, LlmProvider, LlmProviderName } from './types';

const { prefix: P, extract: X, shape: S } = PINNED_PROMPTS;
const HAS_WORDS = /[\p{L}\p{N}]/u;

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

export interface ExtractRequest {
  tenant: TenantProfile;
  text: string;
  /** The message's time, epoch ms ("kesho" is relative to it). */
  now: number;
  previousLanguage?: Language | undefined;
  threadKey?: string | undefined;
  /** The embedded parser's reading, used when no model answers. */
  fallback: () => Understanding | Promise<Understanding>;
}

export interface ShapeRequest {
  tenant: TenantProfile;
  intent: Understanding['intent'];
  topic?: string | undefined;
  /** The customer's language; the tenant's language dial may override it. */
  language: Language;
  /** The embedded answer: the facts, and the reply when no model answers. */
  facts: string;
  threadKey?: string | undefined;
}

export interface Routed<T> {
  value: T;
  source: LlmProviderName | 'embedded';
  promptVersion: string;
  /** Why the earlier attempts failed, in order (empty when the first one answered). */
  failures: LlmFailureReason[];
}

export interface LlmRouter {
  readonly providers: readonly LlmProviderName[];
  extract(request: ExtractRequest): Promise<Routed<Understanding>>;
  shape(request: ShapeRequest): Promise<Routed<string>>;
}

type Validation<T> = { ok: true; value: T } | { ok: false; problem: string };

interface Job<T> {
  task: LlmTask;
  tenant: TenantProfile;
  threadKey: string | undefined;
  call: Omit<LlmCall, 'timeoutMs'>;
  validate: (output: unknown) => Validation<T>;
  fallback: () => T | Promise<T>;
  /** When even the fallback fails (it should not). */
  lastResort: () => T;
}

export function createLlmRouter(
  options: Partial<LlmRouterOptions> & Pick<LlmRouterOptions, 'providers' | 'ledger'>,
): LlmRouter {
  const o: LlmRouterOptions = { ...DEFAULT_LLM_ROUTER_OPTIONS, ...options };
  const prefixes = new WeakMap<TenantProfile, string>();
  const prefixOf = (t: TenantProfile) => {
    let p = prefixes.get(t);
    if (p === undefined) prefixes.set(t, (p = P.tenantPrefix(t)));
    return p;
  };

  // Consecutive failures per provider, and until when it is skipped.
  const health = new Map<LlmProviderName, { failures: number; pausedUntil: number }>();
  const paused = (p: LlmProvider) => (health.get(p.name)?.pausedUntil ?? -Infinity) > o.clock();
  function outcome(p: LlmProvider, failed: boolean): void {
    if (!failed) return void health.delete(p.name);
    const h = health.get(p.name) ?? { failures: 0, pausedUntil: -Infinity };
    h.failures++;
    if (h.failures >= o.pauseAfterFailures) {
      // After the pause one call probes; if it fails too, the provider pauses again at once.
      h.failures = o.pauseAfterFailures - 1;
      h.pausedUntil = o.clock() + o.pauseMs;
      o.onEvent({ type: 'provider_paused', provider: p.name, forMs: o.pauseMs });
    }
    health.set(p.name, h);
  }

  async function record(entry: LedgerEntry): Promise<void> {
    try {
      await o.ledger.record(entry);
    } catch (error) {
      o.onEvent({ type: 'ledger_failed', tenant: entry.tenant, error });
    }
  }

  async function route<T>(job: Job<T>): Promise<Routed<T>> {
    const routeId = o.newId();
    const promptVersion = promptVersionOf(job.task);
    const started = o.clock();
    const failures: LlmFailureReason[] = [];
    const base = { tenant: job.tenant.slug, routeId, task: job.task, promptVersion };
    const common = { requestId: null, threadKey: job.threadKey ?? null };
    let attempt = 0;
    providers: for (const provider of o.providers) {
      if (paused(provider)) continue;
      for (let tryNo = 1; tryNo <= 2; tryNo++) {
        const remaining = o.deadlineMs - (o.clock() - started);
        if (remaining <= 0) break providers;
        attempt++;
        const t0 = o.clock();
        const at = new Date();
        try {
          const c = await provider.complete({
            ...job.call,
            timeoutMs: Math.min(o.timeoutMs, remaining),
          });
          const checked = c.problem
            ? { ok: false as const, problem: c.problem }
            : job.validate(c.output);
          const cost = costUsdMicros(c.model, c.usage, o.prices);
          await record({
            ...base,
            ...common,
            provider: provider.name,
            model: c.model,
            attempt,
            outcome: checked.ok ? 'ok' : 'error',
            errorCode: checked.ok ? null : 'invalid_output',
            tokensIn: c.usage.inputTokens,
            tokensOut: c.usage.outputTokens,
            cachedTokens: c.usage.cachedInputTokens,
            cacheWriteTokens: c.usage.cacheWriteTokens,
            costUsdMicros: cost ?? null,
            latencyMs: o.clock() - t0,
            requestId: c.requestId ?? null,
            at,
          });
          outcome(provider, false);
          if (checked.ok)
            return { value: checked.value, source: provider.name, promptVersion, failures };
          failures.push('invalid_output');
          o.onEvent({
            type: 'attempt_failed',
            task: job.task,
            tenant: job.tenant.slug,
            provider: provider.name,
            attempt,
            reason: 'invalid_output',
            detail: checked.problem,
          });
          continue providers;
        } catch (err) {
          const e =
            err instanceof LlmProviderError
              ? err
              : new LlmProviderError(provider.name, 'connection', String(err), { cause: err });
          failures.push(e.reason);
          outcome(provider, true);
          await record({
            ...base,
            ...common,
            provider: provider.name,
            model: provider.model,
            attempt,
            outcome: 'error',
            errorCode: e.reason,
            tokensIn: 0,
            tokensOut: 0,
            cachedTokens: 0,
            cacheWriteTokens: 0,
            costUsdMicros: 0,
            latencyMs: o.clock() - t0,
            requestId: e.requestId ?? null,
            at,
          });
          o.onEvent({
            type: 'attempt_failed',
            task: job.task,
            tenant: job.tenant.slug,
            provider: provider.name,
            attempt,
            reason: e.reason,
            detail: e.message,
          });
          if (!e.retryable || tryNo === 2 || paused(provider)) continue providers;
          const wait = e.retryAfterMs ?? o.retryDelayMs;
          const left = o.deadlineMs - (o.clock() - started);
          if (wait > o.maxRetryDelayMs || wait >= left) continue providers;
          await o.sleep(wait);
        }
      }
    }
    o.onEvent({ type: 'fallback', task: job.task, tenant: job.tenant.slug, reasons: failures });
    let value: T;
    try {
      value = await job.fallback();
    } catch (error) {
      o.onEvent({ type: 'fallback_failed', task: job.task, tenant: job.tenant.slug, error });
      value = job.lastResort();
    }
    await record({
      ...base,
      ...common,
      provider: 'embedded',
      model: 'embedded',
      attempt: attempt + 1,
      outcome: 'fallback',
      errorCode: failures.at(-1) ?? null,
      tokensIn: 0,
      tokensOut: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      costUsdMicros: 0,
      latencyMs: o.clock() - started,
      at: new Date(),
    });
    return { value, source: 'embedded', promptVersion, failures };
  }

  const cacheKey = (t: TenantProfile, task: LlmTask) => `ratiba:${t.slug}:${promptVersionOf(task)}`;

  return {
    providers: o.providers.map((p) => p.name),

    async extract(req) {
      const lastResort = (): Understanding => ({
        language: req.previousLanguage ?? 'en',
        intent: 'unknown',
        confidence: 0,
        serviceIds: [],
        source: 'parser',
      });
      if (!HAS_WORDS.test(req.text)) {
        // Empty, emoji or punctuation only: nothing a model reads better than the parser.
        const value = await Promise.resolve().then(req.fallback).catch(lastResort);
        return {
          value,
          source: 'embedded',
          promptVersion: promptVersionOf('extract'),
          failures: [],
        };
      }
      const system = { prefix: prefixOf(req.tenant), instructions: X.INSTRUCTIONS };
      return route<Understanding>({
        task: 'extract',
        tenant: req.tenant,
        threadKey: req.threadKey,
        call: {
          system,
          user: X.userMessage({ ...req, timezone: req.tenant.timezone }),
          tool: {
            name: X.TOOL_NAME,
            description: 'Record what the message means.',
            schema: X.OUTPUT_SCHEMA,
          },
          maxOutputTokens: X.MAX_OUTPUT_TOKENS,
          cacheKey: cacheKey(req.tenant, 'extract'),
        },
        validate: (output) => {
          const parsed = X.outputSchema.safeParse(output);
          return parsed.success
            ? { ok: true, value: X.toUnderstanding(parsed.data, req.tenant) }
            : {
                ok: false,
                problem: parsed.error.issues
                  .map((i) => `${i.path.join('.')}: ${i.message}`)
                  .join('; '),
              };
        },
        fallback: req.fallback,
        lastResort,
      });
    },

    shape(req) {
      const dial = req.tenant.dials.languagePreference;
      const language: Language = dial === 'mirror' ? req.language : dial;
      return route<string>({
        task: 'shape',
        tenant: req.tenant,
        threadKey: req.threadKey,
        call: {
          system: { prefix: prefixOf(req.tenant), instructions: S.INSTRUCTIONS },
          user: S.userMessage({ ...req, language }),
          tool: {
            name: S.TOOL_NAME,
            description: 'Send the reply to the customer.',
            schema: S.OUTPUT_SCHEMA,
          },
          maxOutputTokens: S.MAX_OUTPUT_TOKENS,
          cacheKey: cacheKey(req.tenant, 'shape'),
        },
        validate: (output) => {
          const parsed = S.outputSchema.safeParse(output);
          if (!parsed.success)
            return { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid' };
          const lost = S.lostFacts(req.facts, parsed.data.text);
          return lost.length
            ? { ok: false, problem: `the reply lost ${lost.join(', ')}` }
            : { ok: true, value: parsed.data.text };
        },
        fallback: () => req.facts,
        lastResort: () => req.facts,
      });
    },
  };
}
