import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { claimShards, releaseShards, renewShards } from '../stores/shard-leases';
import { HeldShards } from './held-shards';
import type { ShardOwnership } from './shard-ownership';

export interface LocalOwnershipOptions {
  nodeId: string;
  shardCount: number;
  leaseTtlMs: number;
}

export interface LocalOwnershipDeps {
  db: Database;
  log: Logger;
  metrics: Metrics;
}

/**
 * A single process with no NATS owns every shard. It still claims them in Postgres (bumping the
 * epochs), so a second process started on the same database fences this one out rather than
 * both writing. A fenced-out shard is not re-claimed automatically: `/readyz` reports it.
 */
export class LocalOwnership extends HeldShards implements ShardOwnership {
  private renewTimer: NodeJS.Timeout | undefined;
  private lostAny = false;

  constructor(
    private readonly deps: LocalOwnershipDeps,
    private readonly opts: LocalOwnershipOptions,
  ) {
    super(opts);
  }

  ready(): boolean {
    return !this.lostAny && this.held.size === this.opts.shardCount;
  }

  async start(): Promise<void> {
    const all = Array.from({ length: this.opts.shardCount }, (_, i) => i);
    this.held = await claimShards(this.deps.db, this.opts.nodeId, all, this.opts.leaseTtlMs);
    this.deps.metrics.ownedShards.set(this.held.size);
    this.deps.metrics.shardHandovers.inc({ direction: 'gained' }, this.held.size);
    this.deps.log.info({ shards: this.held.size, node: this.opts.nodeId }, 'shards claimed');
    this.emit({ gained: all, lost: [] });
    this.renewTimer = setInterval(() => void this.renew(), Math.max(250, this.opts.leaseTtlMs / 3));
    this.renewTimer.unref();
  }

  lost(shard: number): void {
    if (!this.held.delete(shard)) return;
    this.lostAny = true;
    this.deps.metrics.ownedShards.set(this.held.size);
    this.deps.metrics.shardHandovers.inc({ direction: 'lost' });
    this.deps.log.error(
      { shard },
      'shard lost to another owner; run one process per database without NATS',
    );
    this.emit({ gained: [], lost: [shard] });
  }

  async stop(): Promise<void> {
    clearInterval(this.renewTimer);
    const held = this.held;
    this.held = new Map();
    await releaseShards(this.deps.db, this.opts.nodeId, held).catch((err: unknown) =>
      this.deps.log.warn({ err }, 'shard release failed; leases will expire'),
    );
  }

  private async renew(): Promise<void> {
    try {
      const renewed = await renewShards(
        this.deps.db,
        this.opts.nodeId,
        this.held,
        this.opts.leaseTtlMs,
      );
      for (const shard of [...this.held.keys()]) if (!renewed.has(shard)) this.lost(shard);
    } catch (err) {
      this.deps.log.warn({ err }, 'lease renewal failed');
    }
  }

  private emit(change: { gained: number[]; lost: number[] }): void {
    for (const l of this.listeners) l(change);
  }
}
