import { Gauge } from 'prom-client';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { claimFreeShards, releaseShards, renewShards } from './lease-store';
import type { Membership } from './membership';
import { shardsOf } from './rendezvous';
import type { ShardOwnership } from './shard-ownership';

export interface ClusterOwnershipOptions {
  nodeId: string;
  shardCount: number;
  /** Lease length in database time; renewed every tick. */
  leaseTtlMs: number;
  /** How often the map is reconciled with the leases (claim, renew, release). */
  tickMs: number;
}

type Change = { gained: number[]; lost: number[] };

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
 * (drop the actors, then release the lease so the next owner can claim at once), renews the
 * rest, and claims the ones it gained — but only once they are free: released, expired in
 * database time, or never leased. A claim bumps the epoch, which fences the previous owner's
 * commits. While membership is unknown (NATS unreachable) it keeps and renews what it holds and
 * claims nothing: events keep flowing through the inbox sweep.
 */
export class ClusterOwnership implements ShardOwnership {
  private held = new Map<number, number>();
  private desired: Set<number> | undefined;
  private readonly listeners: ((c: Change) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly handovers = { gained: 0, lost: 0 };
  private readonly epochGauge: Gauge<'shard'>;

  constructor(
    private readonly db: Database,
    private readonly membership: Membership,
    private readonly opts: ClusterOwnershipOptions,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {
    this.epochGauge = new Gauge({
      name: 'ratiba_shard_epoch',
      help: 'Fencing epoch of each shard this process owns',
      labelNames: ['shard'] as const,
      registers: [metrics.registry],
    });
    membership.onChange(() => this.reconcileSoon());
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  get shardCount(): number {
    return this.opts.shardCount;
  }

  epochOf(shard: number): number | undefined {
    return this.held.get(shard);
  }

  owned(): number[] {
    return [...this.held.keys()];
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

  onChange(listener: (c: Change) => void): void {
    this.listeners.push(listener);
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
        }
      });
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
    // 2. Renew the rest; a lease that is gone was claimed by someone else.
    const renewed = await renewShards(this.db, this.opts.nodeId, this.held, this.opts.leaseTtlMs);
    const gone = [...this.held.keys()].filter((s) => !renewed.has(s));
    if (gone.length > 0) {
      this.log.warn({ shards: gone }, 'shard leases lost');
      this.drop(gone);
    }
    // 3. Claim what the map gives us, as soon as it is free. Nothing new without membership.
    if (!members || this.stopped) return;
    const wanted = [...desired].filter((s) => !this.held.has(s));
    if (wanted.length === 0) return;
    const got = await claimFreeShards(this.db, this.opts.nodeId, wanted, this.opts.leaseTtlMs);
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
