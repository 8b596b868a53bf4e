import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { claimShards, releaseShards, renewShards } from '../stores/shard-leases';
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
export class LocalOwnership implements ShardOwnership {
  private held = new Map<number, number>();
  private listeners: ((c: { gained: number[]; lost: number[] }) => void)[] = [];
  private renewTimer: NodeJS.Timeout | undefined;
  private lostAny = false;

  private readonly db: Database;
  private readonly log: Logger;
  private readonly metrics: Metrics;

  constructor(
    deps: LocalOwnershipDeps,
    private readonly opts: LocalOwnershipOptions,
  ) {
    this.db = deps.db;
    this.log = deps.log;
    this.metrics = deps.metrics;
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
    return !this.lostAny && this.held.size === this.opts.shardCount;
  }

  onChange(listener: (c: { gained: number[]; lost: number[] }) => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    const all = Array.from({ length: this.opts.shardCount }, (_, i) => i);
    this.held = await claimShards(this.db, this.opts.nodeId, all, this.opts.leaseTtlMs);
    this.metrics.ownedShards.set(this.held.size);
    this.metrics.shardHandovers.inc({ direction: 'gained' }, this.held.size);
    this.log.info({ shards: this.held.size, node: this.opts.nodeId }, 'shards claimed');
    this.emit({ gained: all, lost: [] });
    this.renewTimer = setInterval(() => void this.renew(), Math.max(250, this.opts.leaseTtlMs / 3));
    this.renewTimer.unref();
  }

  lost(shard: number): void {
    if (!this.held.delete(shard)) return;
    this.lostAny = true;
    this.metrics.ownedShards.set(this.held.size);
    this.metrics.shardHandovers.inc({ direction: 'lost' });
    this.log.error(
      { shard },
      'shard lost to another owner; run one process per database without NATS',
    );
    this.emit({ gained: [], lost: [shard] });
  }

  async stop(): Promise<void> {
    clearInterval(this.renewTimer);
    const held = this.held;
    this.held = new Map();
    await releaseShards(this.db, this.opts.nodeId, held).catch((err: unknown) =>
      this.log.warn({ err }, 'shard release failed; leases will expire'),
    );
  }

  private async renew(): Promise<void> {
    try {
      const renewed = await renewShards(this.db, this.opts.nodeId, this.held, this.opts.leaseTtlMs);
      for (const shard of [...this.held.keys()]) if (!renewed.has(shard)) this.lost(shard);
    } catch (err) {
      this.log.warn({ err }, 'lease renewal failed');
    }
  }

  private emit(change: { gained: number[]; lost: number[] }): void {
    for (const l of this.listeners) l(change);
  }
}
