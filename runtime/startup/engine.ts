/**
 * Startup phase 2, the engine: machines, shard ownership (cluster or local), the turn committer,
 * the supervisor hosting the thread actors, the wake-up path to it, the console's live feed.
 */
import { adminThread, customerThread, probeThread } from '../../machines';
import { createOwnerSide } from '../conversation/owner-side';
import { LocalChangeBus } from '../tenancy/change-bus';
import { bootStep } from '../boot-errors';
import { connectCluster, type Cluster } from '../cluster/cluster';
import { LocalOwnership } from '../cluster/local-ownership';
import { natsLiveBridge } from '../cluster/nats-live-bridge';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { RatibaConfig } from '../config';
import { LiveFeed } from '../console';
import { createUnderstander, understandingEnricher } from '../conversation';
import type { TenantUnderstander } from '../conversation/llm-understander';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Waker } from '../mailbox/ingress';
import { ReplyWaiters } from '../mailbox/reply-waiters';
import type { Metrics } from '../metrics';
import { engineSignals, type EngineSignals } from '../signal';
import { AdminThreads } from '../supervisor/admin-threads';
import { MachineRegistry } from '../supervisor/machine-registry';
import { Supervisor } from '../supervisor/supervisor';
import { TurnCommitter } from '../supervisor/turn-committer';
import { REGISTRY_CHANNEL } from '../tenancy/tenant-apply';
import type { RuntimeOverrides } from './overrides';
import type { Storage } from './storage';

export interface Base {
  log: Logger;
  metrics: Metrics;
  faults: Faults;
}

export interface Engine {
  machines: MachineRegistry;
  cluster: Cluster | undefined;
  ownership: ShardOwnership;
  replies: ReplyWaiters;
  signals: EngineSignals;
  supervisor: Supervisor;
  /** Wakes a thread's owner: in process, or over NATS in a cluster. */
  waker: Waker;
  feed: LiveFeed;
  understander: TenantUnderstander;
  /** The owners' side (issue 12): admin understanding, `admin.*` handlers, digest timers. */
  owners: ReturnType<typeof createOwnerSide>;
}

export async function startEngine(
  config: RatibaConfig,
  overrides: RuntimeOverrides,
  base: Base,
  storage: Storage,
): Promise<Engine> {
  const { log, metrics, faults } = base;
  const { db, tenants } = storage;
  // The embedded parser, behind the LLM router when a model key is configured.
  const understander = createUnderstander(config.llm, db, log);
  const bus = storage.bus;
  const owners = createOwnerSide({
    ...{ db, log, tenants, understander, shardCount: config.shardCount },
    ...(bus instanceof LocalChangeBus ? { publishLocally: bus.publish.bind(bus) } : {}),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  bus.subscribe(REGISTRY_CHANNEL, (slug) => owners.invalidate(slug || undefined));
  const machines = new MachineRegistry(
    [probeThread, customerThread, adminThread, ...(overrides.machines ?? [])],
    overrides.defaultMachines ?? { customer: customerThread.name, admin: adminThread.name },
  );
  const { cluster, ownership, replies } = await distribution(config, base, storage);
  const signals = engineSignals();
  const committer = new TurnCommitter(
    { db, metrics, faults, signals },
    { nodeId: config.nodeId, concurrency: storage.embedded ? 1 : config.commitConcurrency },
  );
  const feed = new LiveFeed(config.nodeId); // the console's live view of committed turns
  if (cluster) feed.connect(natsLiveBridge(cluster.nc, config.nodeId, log));
  const supervisor = new Supervisor(
    {
      db,
      tenants,
      machines,
      committer,
      ownership,
      replies,
      admins: new AdminThreads(db),
      metrics,
      log,
      enrich: overrides.enrich ?? owners.enrich(understandingEnricher(understander)),
      onTurn: (info) => {
        overrides.onTurn?.(info);
        feed.publish(info);
      },
    },
    {
      shardCount: config.shardCount,
      idlePassivateMs: config.idlePassivateMs,
      maxConcurrentTurns: config.maxConcurrentTurns,
      sweepIntervalMs: overrides.sweepIntervalMs ?? 2000,
    },
  );
  const waker: Waker = cluster ? cluster.waker(supervisor) : supervisor;
  // Messages a turn sent to other threads: their owners are woken once the turn is durable.
  signals.committed.subscribe((c) => {
    for (const d of c.delivered)
      waker.wake({ tenant: d.tenant, threadKey: d.threadKey, shard: d.shard });
  });
  return {
    machines,
    cluster,
    ownership,
    replies,
    signals,
    supervisor,
    waker,
    feed,
    understander,
    owners,
  };
}

/** With NATS: membership, rendezvous ownership, wake-ups and replies across processes. */
async function distribution(config: RatibaConfig, base: Base, storage: Storage) {
  const { log, metrics } = base;
  const { db } = storage;
  const natsUrl = config.natsUrl;
  const cluster = natsUrl
    ? await bootStep({ kind: 'nats', url: natsUrl }, () =>
        connectCluster({ ...config, natsUrl }, db, log, metrics),
      )
    : undefined;
  const ownership: ShardOwnership =
    cluster?.ownership ??
    new LocalOwnership(
      { db, log, metrics },
      { nodeId: config.nodeId, shardCount: config.shardCount, leaseTtlMs: config.leaseTtlMs },
    );
  const replies = cluster?.replies ?? new ReplyWaiters();
  return { cluster, ownership, replies };
}
