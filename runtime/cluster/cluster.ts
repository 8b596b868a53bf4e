import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Waker } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import { ClusterOwnership } from './cluster-ownership';
import { ClusterReplyWaiters } from './cluster-replies';
import { NatsMembership } from './nats-membership';
import { NatsWaker } from './nats-waker';

export interface ClusterOptions {
  natsUrl: string;
  nodeId: string;
  shardCount: number;
  leaseTtlMs: number;
  memberTtlMs: number;
}

/** The NATS-backed pieces a process needs to run as one member of a cluster. */
export interface Cluster {
  nc: NatsConnection;
  ownership: ClusterOwnership;
  replies: ClusterReplyWaiters;
  /** The cross-process waker, delivering to `local` (the supervisor) for owned shards. */
  waker(local: Waker): Waker;
  /** After `ownership.stop()`: flushes and closes the NATS connection. */
  close(): Promise<void>;
}

/**
 * Connects to NATS and builds membership, ownership, routing of wake-ups and replies. The
 * connection retries forever: a NATS outage delays wake-ups and replies, never events.
 */
export async function connectCluster(
  opts: ClusterOptions,
  db: Database,
  log: Logger,
  metrics: Metrics,
): Promise<Cluster> {
  const nc = await connect({
    servers: opts.natsUrl,
    name: `ratiba:${opts.nodeId}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 2000,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect') log.warn({ nats: s.type }, 'nats');
    }
  })();
  const membership = new NatsMembership(
    nc,
    { nodeId: opts.nodeId, memberTtlMs: opts.memberTtlMs },
    log,
  );
  const ownership = new ClusterOwnership(
    { db, membership, log, metrics },
    {
      nodeId: opts.nodeId,
      shardCount: opts.shardCount,
      leaseTtlMs: opts.leaseTtlMs,
      tickMs: Math.max(100, Math.min(500, opts.memberTtlMs / 6)),
    },
  );
  const replies = new ClusterReplyWaiters(nc, log);
  let waker: NatsWaker | undefined;
  return {
    nc,
    ownership,
    replies,
    waker(local) {
      waker ??= new NatsWaker(nc, ownership, local, log);
      waker.start();
      return waker;
    },
    async close() {
      waker?.stop();
      await nc.drain().catch(() => nc.close());
    },
  };
}
