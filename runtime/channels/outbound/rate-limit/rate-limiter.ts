/**
 * Outbound rate limits: a token bucket per key (e.g. one per WhatsApp business number at its
 * messages-per-second). Two implementations share this interface and one conformance test
 * (`rate-limiter.conformance.ts`): in memory (one process) and Redis (a cluster shares the
 * bucket). `ResilientRateLimiter` puts Redis in front of memory so a Redis outage only makes the
 * limit per-process for a while; correctness never depends on Redis.
 */
export interface BucketSpec {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Bucket size: how many may go at once after a quiet period. Default: one second's worth. */
  burst?: number;
}

export interface TakeResult {
  allowed: boolean;
  /** When not allowed: how long until a token is available, ms (> 0). 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Takes one token from `key`'s bucket if there is one. */
  take(key: string, spec: BucketSpec): Promise<TakeResult>;
  close(): Promise<void>;
}

export const burstOf = (spec: BucketSpec): number =>
  Math.max(1, Math.floor(spec.burst ?? spec.ratePerSec));

interface Bucket {
  tokens: number;
  at: number;
}

/** The in-process bucket: exact for one process; a cluster's processes each get the full rate. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, spec: BucketSpec): Promise<TakeResult> {
    return Promise.resolve(this.takeNow(key, spec));
  }

  takeNow(key: string, spec: BucketSpec): TakeResult {
    const burst = burstOf(spec);
    const rate = spec.ratePerSec;
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) * rate) / 1000);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(((1 - b.tokens) * 1000) / rate)) };
  }

  close(): Promise<void> {
    this.buckets.clear();
    return Promise.resolve();
  }
}
