import { Redis } from 'ioredis';
import { burstOf, type BucketSpec, type RateLimiter, type TakeResult } from './rate-limiter';

/**
 * The bucket as a Redis hash {tokens, ts}, refilled and taken in one Lua script (atomic: no
 * other client runs between the read and the write). The time is Redis's own (`TIME`), so the
 * processes of a cluster need not agree on their clocks. Idle buckets expire.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.max(1, math.ceil((1 - tokens) * 1000 / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait}
`;

type WithTake = Redis & {
  ratibaTake(key: string, rate: string, burst: string): Promise<[number, number]>;
};

export interface RedisRateLimiterOptions {
  /** Prefix of every bucket key. */
  prefix?: string;
  /** A call slower than this fails (and the resilient limiter falls back to memory). */
  commandTimeoutMs?: number;
}

export class RedisRateLimiter implements RateLimiter {
  readonly redis: WithTake;
  private readonly prefix: string;

  constructor(url: string, options: RedisRateLimiterOptions = {}) {
    this.prefix = options.prefix ?? 'ratiba:rl:';
    const redis = new Redis(url, {
      // Fail fast while disconnected instead of queueing: the caller has a fallback.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    });
    redis.defineCommand('ratibaTake', { numberOfKeys: 1, lua: TAKE });
    // Errors surface through the commands; an unhandled 'error' event would crash the process.
    redis.on('error', () => undefined);
    this.redis = redis as WithTake;
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async take(key: string, spec: BucketSpec): Promise<TakeResult> {
    const [allowed, wait] = await this.redis.ratibaTake(
      this.prefix + key,
      String(spec.ratePerSec),
      String(burstOf(spec)),
    );
    return { allowed: allowed === 1, retryAfterMs: allowed === 1 ? 0 : Number(wait) };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}
