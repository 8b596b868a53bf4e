import type { LiveTurn, TurnInfo } from '../../contract';

export type { LiveTurn };

export type LiveListener = (turn: LiveTurn) => void;

/**
 * Carries turns between processes. The in-process feed works alone; a cluster plugs a bridge in
 * (NATS subject `ratiba.live.<tenant>`): `publish` sends this process's turns out, and the bridge
 * calls `deliver` for turns that other processes committed.
 */
export interface LiveFeedBridge {
  publish(turn: LiveTurn): void;
  /** Starts delivering remote turns; returns a function that stops it. */
  start(deliver: (turn: LiveTurn) => void): () => void;
}

/** In-process pub/sub of committed turns, by tenant, fed by the supervisor's `onTurn`. */
export class LiveFeed {
  private readonly byTenant = new Map<string, Set<LiveListener>>();
  private readonly everything = new Set<LiveListener>();
  private stopBridge: (() => void) | undefined;
  private bridge: LiveFeedBridge | undefined;

  constructor(private readonly nodeId: string) {}

  /** Connects a cross-process bridge; turns from it reach local subscribers. */
  connect(bridge: LiveFeedBridge): void {
    this.stopBridge?.();
    this.bridge = bridge;
    this.stopBridge = bridge.start((turn) => this.deliver(turn));
  }

  /** A turn committed by this process. */
  publish(info: TurnInfo): void {
    const turn: LiveTurn = { ...info, node: this.nodeId };
    this.deliver(turn);
    this.bridge?.publish(turn);
  }

  /** `tenant` null: every tenant (platform operators). Returns the unsubscribe function. */
  subscribe(tenant: string | null, listener: LiveListener): () => void {
    let set = this.everything;
    if (tenant !== null) {
      set = this.byTenant.get(tenant) ?? new Set();
      this.byTenant.set(tenant, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (tenant !== null && set.size === 0) this.byTenant.delete(tenant);
    };
  }

  get subscribers(): number {
    let n = this.everything.size;
    for (const s of this.byTenant.values()) n += s.size;
    return n;
  }

  close(): void {
    this.stopBridge?.();
    this.stopBridge = undefined;
    this.bridge = undefined;
    this.byTenant.clear();
    this.everything.clear();
  }

  private deliver(turn: LiveTurn): void {
    // A listener that throws (a closed socket) must not stop the others or the turn pipeline.
    const call = (l: LiveListener) => {
      try {
        l(turn);
      } catch {
        /* the listener's own problem */
      }
    };
    for (const l of this.byTenant.get(turn.tenant) ?? []) call(l);
    for (const l of this.everything) call(l);
  }
}
