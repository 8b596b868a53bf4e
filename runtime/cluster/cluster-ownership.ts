import { Gauge } from 'prom-client';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { claimFreeShards, releaseShards, renewShards } from '../stores/shard-leases';
import type { Membership } from './membership';
import { shardsOf } from './rendezvous';
import { HeldShards } from './held-shards';
import type { ShardChange, ShardOwnership } from './shard-ownership';

export interface ClusterOwnershipOptions {
  nodeId: string;
  shardCount: number;
  /** Lease length in database time; renewed every tick. */
  leaseTtlMs: number;
  /** How often the map is reconciled with the leases (claim, renew, release). */
  tickMs: number;
}

type Change = ShardChange;

export interface ClusterOwnershipDeps {
  db: Database;
  membership: Membership;
  log: Logger;
  metrics: Metrics;
}

/** How soon a claim that found some of its shards still held is tried again. */
const CLAIM_RETRY_MS = 50;

/** What `/readyz` shows about this process's place in the cluster. */
export interface ClusterStatus {
  members: string[] | null;
  epochs: Record<number, number>;
  handovers: { gained: number; lost: number };
}

/**
 * Shard ownership in a cluster: the shards rendezvous hashing gives this process among the live
 * members, each held under a lease in `public.shard_leases`.
 *
 * Each tick (and on every membership change) it hands over the shards the map no longer gives it
 * (drop the actors, then release the lease so the next owner can claim at once), claims the ones
 * it gained — but only once they are free: released, expired in database time, or never leased;
 * a claim that misses some is retried within 50 ms — and renews the rest. A claim bumps the
 * epoch, which fences the previous owner's commits. While membership is unknown (NATS
 * unreachable) it keeps and renews what it holds and claims nothing: events keep flowing through
 * the inbox sweep.
 */
export class ClusterOwnership extends HeldShards implements ShardOwnership {
  private desired: Set<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** Shards the map gives us that the last claim could not take yet. */
  private unclaimed = 0;
  private retry: NodeJS.Timeout | undefined;
  private renewedAt = -Infinity;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly handovers = { gained: 0, lost: 0 };
  private readonly epochGauge: Gauge<'shard'>;

  private readonly db: Database;
  private readonly membership: Membership;
  private readonly log: Logger;
  private readonly metrics: Metrics;

  constructor(
    deps: ClusterOwnershipDeps,
    private readonly opts: ClusterOwnershipOptions,
  ) {
    super(opts);
    ({ db: this.db, membership: this.membership, log: this.log, metrics: this.metrics } = deps);
    const { metrics, membership } = deps;
    this.epochGauge = new Gauge({
      name: 'ratiba_shard_epoch',
      help: 'Fencing epoch of each shard this process owns',
      labelNames: ['shard'] as const,
      registers: [metrics.registry],
    });
    membership.onChange(() => this.reconcileSoon());
  }

  ready(): boolean {
    const d = this.desired;
    return d !== undefined && d.size === this.held.size && [...d].every((s) => this.held.has(s));
  }

  status(): ClusterStatus {
    return {
      members: this.membership.live() ?? null,
      epochs: Object.fromEntries([...this.held].sort((a, b) => a[0] - b[0])),
      handovers: { ...this.handovers },
    };
  }

  async start(): Promise<void> {
    await this.membership.start();
    await this.reconcile();
    this.timer = setInterval(() => this.reconcileSoon(), this.opts.tickMs);
    this.timer.unref();
  }

  /** A commit found the epoch moved on: another process claimed the shard. */
  lost(shard: number): void {
    if (!this.held.has(shard)) return;
    this.log.warn({ shard }, 'shard lost to another owner');
    this.drop([shard]);
  }

  /** Graceful handover: stop renewing, release every lease, leave the membership. Idempotent. */
  stop(): Promise<void> {
    return (this.stopping ??= this.handOver());
  }

  private async handOver(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    await this.running;
    const held = new Map(this.held); // drop() empties this.held
    this.drop([...held.keys()]);
    await releaseShards(this.db, this.opts.nodeId, held).catch((err: unknown) =>
      this.log.warn({ err }, 'shard release failed; leases will expire'),
    );
    await this.membership.stop();
  }

  private reconcileSoon(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.reconcile()
      .catch((err: unknown) => this.log.warn({ err }, 'shard reconcile failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.reconcileSoon();
        } else if (this.unclaimed > 0) this.retryClaimSoon();
      });
  }

  /**
   * Shards the map gives us are still held (a leaver's commits in flight, a dead owner's lease
   * not yet expired): try again shortly instead of a tick later. A try is one statement that
   * skips locked rows; renewals keep their own pace.
   */
  private retryClaimSoon(): void {
    if (this.retry || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.reconcileSoon();
    }, CLAIM_RETRY_MS);
    this.retry.unref();
  }

  private async reconcile(): Promise<void> {
    const members = this.membership.live();
    if (members) this.desired = new Set(shardsOf(this.opts.nodeId, members, this.opts.shardCount));
    const desired = this.desired ?? new Set<number>();
    // 1. Hand over what the map moved elsewhere: actors first, then the lease.
    const leaving = new Map([...this.held].filter(([s]) => !desired.has(s)));
    if (leaving.size > 0) {
      this.drop([...leaving.keys()]);
      await releaseShards(this.db, this.opts.nodeId, leaving);
      this.log.info({ shards: leaving.size }, 'shards handed over');
    }
    // 2. Claim what the map gives us, as soon as it is free; nothing new without membership.
    this.unclaimed = 0;
    if (members && !this.stopped) await this.claim([...desired].filter((s) => !this.held.has(s)));
    // 3. Renew the rest, every tick; a lease that is gone was claimed by someone else.
    if (performance.now() - this.renewedAt < this.opts.tickMs / 2) return;
    this.renewedAt = performance.now();
    const renewing = new Map(this.held);
    const renewed = await renewShards(this.db, this.opts.nodeId, renewing, this.opts.leaseTtlMs);
    const gone = [...renewing]
      .filter(([s, e]) => !renewed.has(s) && this.held.get(s) === e)
      .map(([s]) => s);
    if (gone.length > 0) {
      this.log.warn({ shards: gone }, 'shard leases lost');
      this.drop(gone);
    }
  }

  private async claim(wanted: number[]): Promise<void> {
    if (wanted.length === 0) return;
    const got = await claimFreeShards(this.db, this.opts.nodeId, wanted, this.opts.leaseTtlMs);
    this.unclaimed = wanted.length - got.size;
    if (got.size === 0) return;
    for (const [s, e] of got) {
      this.held.set(s, e);
      this.epochGauge.set({ shard: String(s) }, e);
    }
    this.handovers.gained += got.size;
    this.metrics.shardHandovers.inc({ direction: 'gained' }, got.size);
    this.metrics.ownedShards.set(this.held.size);
    this.log.info({ shards: got.size, owned: this.held.size }, 'shards claimed');
    this.emit({ gained: [...got.keys()], lost: [] });
  }

  private drop(shards: number[]): void {
    const lost = shards.filter((s) => this.held.delete(s));
    if (lost.length === 0) return;
    for (const s of lost) this.epochGauge.remove({ shard: String(s) });
    this.handovers.lost += lost.length;
    this.metrics.shardHandovers.inc({ direction: 'lost' }, lost.length);
    this.metrics.ownedShards.set(this.held.size);
    this.emit({ gained: [], lost });
  }

  private emit(change: Change): void {
    for (const l of this.listeners) l(change);
  }
}
