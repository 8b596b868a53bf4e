/** Shards gained and lost in one change of ownership. */
export interface ShardChange {
  gained: number[];
  lost: number[];
}

/**
 * Which virtual shards this process owns, with the fencing epoch of each. The embedded/single
 * process implementation owns every shard; the NATS cluster implementation follows membership.
 */
export interface ShardOwnership {
  readonly nodeId: string;
  readonly shardCount: number;
  /** The epoch held for `shard`, or undefined when this process does not own it. */
  epochOf(shard: number): number | undefined;
  owned(): number[];
  /** Called by the supervisor when a commit found the epoch stale: the shard is gone. */
  lost(shard: number): void;
  onChange(listener: (change: ShardChange) => void): void;
  start(): Promise<void>;
  /** Releases the leases (graceful handover) and stops renewing them. */
  stop(): Promise<void>;
  /** Ready when it holds what it should. */
  ready(): boolean;
  /** Cluster details for `/readyz` (members, epochs held, handovers); absent for one process. */
  status?(): {
    members: string[] | null;
    epochs: Record<number, number>;
    handovers: { gained: number; lost: number };
  };
}
