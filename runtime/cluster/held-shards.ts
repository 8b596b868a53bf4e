import type { ShardChange, ShardOwnership } from './shard-ownership';

/**
 * What every `ShardOwnership` keeps the same way: the shards held with their fencing epochs, and
 * the listeners told when shards are gained or lost. Local and cluster ownership differ only in
 * how they decide which shards to claim.
 */
export abstract class HeldShards implements Omit<
  ShardOwnership,
  'start' | 'stop' | 'ready' | 'lost' | 'status'
> {
  protected held = new Map<number, number>();
  protected readonly listeners: ((change: ShardChange) => void)[] = [];

  protected constructor(private readonly identity: { nodeId: string; shardCount: number }) {}

  get nodeId(): string {
    return this.identity.nodeId;
  }

  get shardCount(): number {
    return this.identity.shardCount;
  }

  epochOf(shard: number): number | undefined {
    return this.held.get(shard);
  }

  owned(): number[] {
    return [...this.held.keys()];
  }

  onChange(listener: (change: ShardChange) => void): void {
    this.listeners.push(listener);
  }
}
