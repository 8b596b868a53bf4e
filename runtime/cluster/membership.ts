/**
 * Who is in the cluster. Every process computes the shard map from `live()`, so all that matters
 * is that live processes converge on the same set within a few seconds.
 */
export interface Membership {
  readonly nodeId: string;
  /**
   * The live members (this process included), sorted; `undefined` while this process cannot
   * tell — it has not heartbeaten successfully within the member TTL (NATS unreachable). Callers
   * then keep what they hold and take nothing new.
   */
  live(): string[] | undefined;
  /** Called whenever `live()` may have changed. */
  onChange(listener: () => void): void;
  start(): Promise<void>;
  /** Leaves the cluster at once (the others need not wait for the TTL). */
  stop(): Promise<void>;
}
