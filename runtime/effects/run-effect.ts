import { isRetryable, RatibaError, safeText } from '../../contract';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import type { EffectOutcome, OutboxRow } from '../stores/outbox';
import { EffectDeferral, type EffectHandlers } from './effect-handler';

export interface RunEffectDeps {
  handlers: EffectHandlers;
  tenants: TenantRegistry;
  metrics: Metrics;
  log: Logger;
}

export interface RunEffectOptions {
  maxAttempts: number;
  backoffBaseMs: number;
  maxBackoffMs: number;
  clock: Clock;
}

/** Retry delay of an attempt: doubling from `base` up to `max`, with +-20% jitter. */
export function backoffMs(
  attempt: number,
  base: number,
  max: number,
  random = Math.random,
): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Runs one claimed effect; never throws: a failure becomes a retry or a dead letter. */
export async function runEffect(
  deps: RunEffectDeps,
  opts: RunEffectOptions,
  slug: string,
  row: OutboxRow,
): Promise<EffectOutcome> {
  const handler = deps.handlers.get(row.kind);
  const rootEventId = row.payload.rootEventId;
  const { clock } = opts;
  const answer = (type: 'call.result' | 'effect.failed', extra: Record<string, unknown>) => ({
    type,
    kind: row.kind,
    at: clock.now(),
    ...(typeof rootEventId === 'string' ? { rootEventId } : {}),
    ...extra,
  });
  try {
    const tenant = await deps.tenants.get(slug);
    if (!handler || !tenant)
      throw new RatibaError('unknown_effect', `no handler for effect kind ${row.kind}`);
    const { rootEventId: _r, ...payload } = row.payload;
    const result = await handler.run(payload, {
      tenant,
      threadKey: row.threadKey,
      outboxId: row.id,
      idempotencyKey: row.idempotencyKey,
      attempt: row.attempts,
      interrupted: row.interrupted,
      now: clock.now(),
    });
    if (result instanceof EffectDeferral) {
      deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'deferred' });
      const error = `deferred: ${result.reason}`;
      return { row, status: 'retry', error, delayMs: result.delayMs, refundAttempt: true };
    }
    deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'done' });
    return {
      row,
      status: 'done',
      result,
      ...(handler.answers ? { event: answer('call.result', { result }) } : {}),
    };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    if (isRetryable(err) && row.attempts < opts.maxAttempts) {
      // A provider's Retry-After (e.g. WhatsApp 130429 with the header) wins over our backoff.
      const delayMs = Math.max(
        backoffMs(row.attempts, opts.backoffBaseMs, opts.maxBackoffMs),
        Math.min(retryAfterOf(err) ?? 0, opts.maxBackoffMs),
      );
      deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'retry' });
      deps.log.warn(
        { kind: row.kind, outboxId: row.id, attempt: row.attempts, delayMs, error },
        'effect failed; will retry',
      );
      return { row, status: 'retry', error, delayMs };
    }
    deps.metrics.outboxAttempts.inc({ kind: row.kind, result: 'dead' });
    deps.metrics.outboxDeadLetters.inc({ kind: row.kind });
    deps.log.error(
      { kind: row.kind, outboxId: row.id, attempts: row.attempts, error },
      'effect dead-lettered',
    );
    // A machine waiting for a call learns that it failed; a failed reply send is the channel's business.
    const tellThread = handler?.answers !== false;
    return {
      row,
      status: 'dead',
      error,
      ...(tellThread ? { event: answer('effect.failed', { error: safeText(error, 500) }) } : {}),
    };
  }
}

/** `retryAfterMs` of an error that carries one (GraphError, ProviderErrors built from 429s). */
function retryAfterOf(err: unknown): number | undefined {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
