import { Kvm, type KV, type KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/nats-core';
import type { Logger } from '../logger';
import type { Membership } from './membership';

export interface NatsMembershipOptions {
  nodeId: string;
  /** A member not heard from for this long has left. It heartbeats three times per TTL. */
  memberTtlMs: number;
  /** The KV bucket (one per cluster). */
  bucket: string;
}

export const DEFAULT_NATS_MEMBERSHIP_OPTIONS: Omit<NatsMembershipOptions, 'nodeId'> = {
  memberTtlMs: 3000,
  bucket: 'ratiba_members',
};

const now = () => performance.now();

/**
 * Membership over a NATS KV bucket (JetStream). Each process puts its key every TTL/3 and watches
 * the bucket. Liveness is judged on this process's own clock — when it last *saw* a member's
 * heartbeat — so clock skew between machines does not matter. A graceful stop deletes the key, so
 * the others see the member leave at once; a killed member drops out after the TTL.
 *
 * While this process's own heartbeats fail (NATS down or unreachable) it cannot tell who is alive
 * and `live()` is undefined; when they succeed again it re-reads the bucket and gives every member
 * one TTL to show up, so an outage does not look like everyone else leaving.
 */
export class NatsMembership implements Membership {
  private readonly opts: NatsMembershipOptions;
  private kv: KV | undefined;
  private watcher: QueuedIterator<KvWatchEntry> | undefined;
  /** Member -> when this process last saw its heartbeat (performance.now()). */
  private readonly seen = new Map<string, number>();
  private lastBeatOkAt = -Infinity;
  private beating = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: (() => void)[] = [];
  private lastView = '';
  private selfSeen: (() => void) | undefined;

  constructor(
    private readonly nc: NatsConnection,
    options: Partial<NatsMembershipOptions> & { nodeId: string },
    private readonly log: Logger,
  ) {
    this.opts = { ...DEFAULT_NATS_MEMBERSHIP_OPTIONS, ...options };
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  live(): string[] | undefined {
    const t = now();
    if (t - this.lastBeatOkAt > this.opts.memberTtlMs) return undefined;
    const members = new Set([this.opts.nodeId]);
    for (const [m, at] of this.seen) if (t - at <= this.opts.memberTtlMs) members.add(m);
    return [...members].sort();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Joins: creates the bucket if needed, watches it, and heartbeats once it has read it. */
  async start(): Promise<void> {
    // Old revisions age out of the bucket; liveness itself is judged by `seen`, not by this TTL.
    this.kv = await new Kvm(this.nc).create(this.opts.bucket, {
      history: 1,
      ttl: Math.max(60_000, this.opts.memberTtlMs * 10),
    });
    // The watcher delivers the bucket's current values before our own first put: seeing our own
    // key come back means we have read everyone who was there.
    const sawSelf = new Promise<void>((resolve) => (this.selfSeen = resolve));
    await this.watch();
    await this.beat();
    await Promise.race([sawSelf, new Promise((r) => setTimeout(r, this.opts.memberTtlMs))]);
    this.timer = setInterval(() => {
      void this.beat();
      this.check();
    }, this.opts.memberTtlMs / 3);
    this.timer.unref();
    this.check();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.watcher?.stop();
    await this.kv
      ?.delete(this.opts.nodeId)
      .catch((err: unknown) =>
        this.log.warn({ err }, 'membership key not deleted; it will expire'),
      );
  }

  private async beat(): Promise<void> {
    if (this.beating || this.stopped || !this.kv) return;
    this.beating = true;
    const before = this.lastBeatOkAt;
    const wasFrozen = now() - before > this.opts.memberTtlMs;
    try {
      await this.kv.put(
        this.opts.nodeId,
        JSON.stringify({ node: this.opts.nodeId, at: Date.now() }),
      );
      this.lastBeatOkAt = now();
      if (wasFrozen && Number.isFinite(before)) {
        this.log.info('membership heartbeat restored; re-reading members');
        for (const m of this.seen.keys()) this.seen.set(m, now());
        void this.watch();
      }
    } catch (err) {
      if (!wasFrozen || !Number.isFinite(before))
        this.log.warn({ err }, 'membership heartbeat failed');
    } finally {
      this.beating = false;
      this.check();
    }
  }

  /** (Re)starts the watch; a watch that ends while we are running is restarted. */
  private async watch(): Promise<void> {
    if (!this.kv || this.stopped) return;
    this.watcher?.stop();
    let w: QueuedIterator<KvWatchEntry>;
    try {
      w = await this.kv.watch();
    } catch (err) {
      this.log.warn({ err }, 'membership watch failed; retrying');
      setTimeout(() => void this.watch(), this.opts.memberTtlMs / 3).unref();
      return;
    }
    this.watcher = w;
    void (async () => {
      try {
        for await (const e of w) {
          if (e.operation === 'PUT') this.seen.set(e.key, now());
          else this.seen.delete(e.key);
          if (e.key === this.opts.nodeId && e.operation === 'PUT') this.selfSeen?.();
          this.check();
        }
      } catch (err) {
        this.log.warn({ err }, 'membership watch ended');
      }
      if (this.watcher === w && !this.stopped)
        setTimeout(() => void this.watch(), this.opts.memberTtlMs / 3).unref();
    })();
  }

  private check(): void {
    const view = this.live()?.join(',') ?? '';
    if (view === this.lastView) return;
    this.lastView = view;
    this.log.info({ members: view === '' ? null : view.split(',') }, 'cluster membership changed');
    for (const l of this.listeners) l();
  }
}
