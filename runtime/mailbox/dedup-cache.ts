import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

/**
 * The webhook dedup fast path: provider event ids already stored in the inbox, so a repeated
 * delivery (Meta retries, a provider's at-least-once) is answered without touching Postgres.
 *
 * A hint only: Postgres uniqueness on `inbox.event_id` still decides. An id is remembered only
 * after its inbox row is durable, so a hit always means "already stored" and a miss (evicted,
 * expired, Redis flushed or down) just falls through to the insert, which reports the duplicate.
 */
export interface DedupCache {
  /** True when the id is known to be stored already; false when unknown or on any error. */
  seen(tenant: string, eventId: string): Promise<boolean>;
  /** Called once the id's inbox row is durable (new or a duplicate found by Postgres). */
  remember(tenant: string, eventId: string): void;
  close(): Promise<void>;
}

export interface DedupOptions {
  /** How long an id is remembered. */
  ttlMs: number;
  /** Ids kept in memory (the in-process cache; the oldest is evicted first). */
  maxEntries: number;
}

export const DEFAULT_DEDUP: DedupOptions = { ttlMs: 24 * 3600_000, maxEntries: 100_000 };

/** One process: a bounded LRU of ids with an expiry. */
export class MemoryDedupCache implements DedupCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the oldest.
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly opts: DedupOptions = DEFAULT_DEDUP,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.ids.size;
  }

  seen(tenant: string, eventId: string): Promise<boolean> {
    const key = `${tenant}\u0000${eventId}`;
    const expires = this.ids.get(key);
    if (expires === undefined) return Promise.resolve(false);
    this.ids.delete(key);
    if (expires <= this.now()) return Promise.resolve(false);
    this.ids.set(key, expires);
    return Promise.resolve(true);
  }

  remember(tenant: string, eventId: string): void {
    const key = `${tenant}\u0000${eventId}`;
    this.ids.delete(key);
    this.ids.set(key, this.now() + this.opts.ttlMs);
    while (this.ids.size > this.opts.maxEntries) {
      const oldest = this.ids.keys().next().value as string;
      this.ids.delete(oldest);
    }
  }

  close(): Promise<void> {
    this.ids.clear();
    return Promise.resolve();
  }
}

export interface RedisDedupOptions extends DedupOptions {
  /** Prefix of every key (`<prefix><tenant>:<event id>`). */
  prefix: string;
  /** A call slower than this counts as an error and falls through to Postgres. */
  commandTimeoutMs: number;
}

/**
 * Shared by every process of a cluster: `SET key 1 PX ttl` once the row is durable, `EXISTS` on
 * arrival. Redis errors (down, slow, flushed) never fail a request: they fall through to
 * Postgres, are counted (`ratiba_dedup_lookups_total{result="error"}`) and logged once per outage.
 */
export class RedisDedupCache implements DedupCache {
  readonly redis: Redis;
  private degraded = false;
  private readonly lookups: Counter<'result'>;

  constructor(
    url: string,
    private readonly log: Logger,
    metrics: Pick<Metrics, 'registry'>,
    private readonly opts: RedisDedupOptions = {
      ...DEFAULT_DEDUP,
      prefix: 'ratiba:dedup:',
      commandTimeoutMs: 100,
    },
  ) {
    this.redis = new Redis(url, {
      // Fail fast while disconnected instead of queueing: Postgres is the fallback.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // A backstop only: `withinTimeout` below is the limit, measured so that a busy event loop
      // does not turn an answered call into a timeout.
      commandTimeout: opts.commandTimeoutMs * 10,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    });
    this.redis.on('error', () => undefined);
    this.lookups = dedupCounter(metrics);
  }

  private key(tenant: string, eventId: string): string {
    return `${this.opts.prefix}${tenant}:${eventId}`;
  }

  async seen(tenant: string, eventId: string): Promise<boolean> {
    try {
      if (this.redis.status !== 'ready') throw new Error(`redis is ${this.redis.status}`);
      const exists = this.redis.exists(this.key(tenant, eventId));
      const hit = (await withinTimeout(exists, this.opts.commandTimeoutMs)) === 1;
      this.restored();
      this.lookups.inc({ result: hit ? 'hit' : 'miss' });
      return hit;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  remember(tenant: string, eventId: string): void {
    if (this.redis.status !== 'ready') return;
    const set = this.redis.set(this.key(tenant, eventId), '1', 'PX', this.opts.ttlMs);
    withinTimeout(set, this.opts.commandTimeoutMs).catch((err: unknown) => this.failed(err));
  }

  private failed(err: unknown): void {
    this.lookups.inc({ result: 'error' });
    if (this.degraded) return;
    this.degraded = true;
    this.log.warn({ err }, 'redis unavailable: webhook dedup falls through to Postgres');
  }

  private restored(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.log.info('redis webhook dedup restored');
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}

/**
 * `call`, or a timeout error once `ms` have passed without an answer. When the timer fires, the
 * answer may already sit in the socket, unread because the event loop was busy (a 2-core machine
 * under load lags by more than 100 ms): the check waits one more turn of the loop, after its I/O
 * phase, so only a call really slower than `ms` counts as a timeout (regression, issue 17: the
 * cluster fault test saw answered lookups counted as errors on a loaded machine).
 */
export function withinTimeout<T>(call: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(new Error(`redis call slower than ${ms} ms`));
        }),
      ms,
    );
    call.then(
      (v) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

const counters = new WeakMap<object, Counter<'result'>>();

/** `ratiba_dedup_lookups_total{result}` on the runtime's registry (hit, miss, error). */
export function dedupCounter(metrics: Pick<Metrics, 'registry'>): Counter<'result'> {
  let c = counters.get(metrics.registry);
  if (!c) {
    c = new Counter({
      name: 'ratiba_dedup_lookups_total',
      help: 'Webhook dedup fast-path lookups by result (hit, miss, error: fell through to Postgres)',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
    counters.set(metrics.registry, c);
  }
  return c;
}

/** Redis-backed with REDIS_URL, an in-process LRU otherwise. */
export function createDedupCache(
  redisUrl: string | undefined,
  log: Logger,
  metrics: Pick<Metrics, 'registry'>,
  commandTimeoutMs = 100,
): DedupCache {
  return redisUrl
    ? new RedisDedupCache(redisUrl, log, metrics, {
        ...DEFAULT_DEDUP,
        prefix: 'ratiba:dedup:',
        commandTimeoutMs,
      })
    : new MemoryDedupCache();
}
