import type { Tenant } from '../tenancy/tenant-registry';

export interface EffectContext {
  tenant: Tenant;
  threadKey: string;
  outboxId: number;
  /** Stable across retries: pass it to providers that honour one, or check it before acting. */
  idempotencyKey: string;
  /** 1 on the first try. */
  attempt: number;
  /**
   * The previous run never recorded its outcome (its process was killed, or stalled past the
   * lease, mid-run): it may have been carried out. A handler that can learn so later (a
   * WhatsApp send's status webhook) waits for that evidence instead of acting again at once.
   */
  interrupted?: boolean;
  /** When the effect is carried out, epoch ms (the runtime's clock; pinned in scenarios). */
  now: number;
}

/**
 * Carries out one kind of effect. `answers`: the machine is waiting for the result, which comes
 * back to the thread as a `call.result` event (or `effect.failed` once the effect is given up).
 */
export interface EffectHandler {
  answers: boolean;
  /**
   * Leaves beside its thread's other effects instead of in line with them: neither waits for
   * them nor holds them back (a read receipt: a reply need not wait for the blue ticks).
   */
  unordered?: boolean;
  run(payload: Record<string, unknown>, ctx: EffectContext): Promise<unknown>;
}

export type EffectHandlers = Map<string, EffectHandler>;

/**
 * What a handler returns instead of a result when the effect must wait (a rate limit, a
 * provider's `Retry-After`): the outbox runs it again after `delayMs`. A deferral is not a
 * failure: it does not use up one of the effect's attempts.
 */
export class EffectDeferral {
  constructor(
    readonly delayMs: number,
    readonly reason: string,
  ) {}
}

export const deferEffect = (delayMs: number, reason: string): EffectDeferral =>
  new EffectDeferral(Math.max(0, Math.ceil(delayMs)), reason);
