import type { Logger } from '../../../logger';
import {
  MemoryRateLimiter,
  type BucketSpec,
  type RateLimiter,
  type TakeResult,
} from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

/**
 * Redis when it answers, memory when it does not. An outage is logged once when it starts and
 * once when Redis is back; meanwhile each process limits on its own (the provider's own 130429
 * still backs us off through the outbox).
 */
export class ResilientRateLimiter implements RateLimiter {
  private readonly memory = new MemoryRateLimiter();
  private degraded = false;
  private everReady = false;

  constructor(
    private readonly redis: RedisRateLimiter,
    private readonly log: Logger,
  ) {
    redis.redis.once('ready', () => (this.everReady = true));
    // A Redis that cannot be reached at all is an outage too (logged once).
    redis.redis.on('error', (err: unknown) => this.degrade(err));
  }

  get usingRedis(): boolean {
    return !this.degraded;
  }

  async take(key: string, spec: BucketSpec): Promise<TakeResult> {
    if (this.redis.ready) {
      try {
        const r = await this.redis.take(key, spec);
        if (this.degraded) {
          this.degraded = false;
          this.log.info('redis rate limits restored');
        }
        return r;
      } catch (err) {
        this.degrade(err);
      }
    } else if (this.redis.redis.status !== 'connecting' || this.everReady) {
      // Still connecting at boot is not an outage: memory until the first 'ready', silently.
      this.degrade(new Error(`redis is ${this.redis.redis.status}`));
    }
    return this.memory.take(key, spec);
  }

  private degrade(err: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.log.warn(
      { err },
      'redis unavailable: outbound rate limits are per process until it is back',
    );
  }

  async close(): Promise<void> {
    await this.redis.close();
    await this.memory.close();
  }
}

/** Redis-backed with REDIS_URL, in memory otherwise. */
export function createRateLimiter(redisUrl: string | undefined, log: Logger): RateLimiter {
  return redisUrl
    ? new ResilientRateLimiter(new RedisRateLimiter(redisUrl), log)
    : new MemoryRateLimiter();
}
