import { customerThread, probeThread, type ThreadMachineDefinition } from '../machines';
import { createChannels } from './channels/channels';
import {
  bookingHandlers,
  createUnderstander,
  understandingEnricher,
  withInquiryShaping,
} from './conversation';
import { connectCluster } from './cluster/cluster';
import { LocalOwnership } from './cluster/local-ownership';
import type { ShardOwnership } from './cluster/shard-ownership';
import {
  survivePoolClientErrors,
  withStalledTransactionTimeout,
} from './cluster/stalled-transactions';
import type { Clock } from './clock';
import type { RatibaConfig } from './config';
import { createDatabase, type Database } from './db/database';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded';
import { migrateAll } from './db/migrate';
import { RetentionSweeper } from './db/retention';
import { builtinHandlers } from './effects/builtin-handlers';
import type { EffectHandler, EffectHandlers } from './effects/effect-handler';
import { OutboxDispatcher } from './effects/outbox-dispatcher';
import { createFaults } from './faults';
import { healthRoutes } from './http/health-routes';
import { createHttpApp, listen, type HttpServer } from './http/server';
import { simulatorRoutes } from './http/simulator-routes';
import { createLogger, type Logger } from './logger';
import { createDedupCache } from './mailbox/dedup-cache';
import { Ingress } from './mailbox/ingress';
import { InboxWriter } from './stores/inbox-writer';
import { ReplyWaiters } from './mailbox/reply-waiters';
import { createMetrics, type Metrics } from './metrics';
import { AdminThreads } from './supervisor/admin-threads';
import { MachineRegistry } from './supervisor/machine-registry';
import { Supervisor, type EventEnricher, type TurnInfo } from './supervisor/supervisor';
import { TurnCommitter } from './supervisor/turn-committer';
import { createPgChangeBus, LocalChangeBus, type ChangeBus } from './tenancy/change-bus';
import { applyTenant, REGISTRY_CHANNEL } from './tenancy/tenant-apply';
import { readTenantFile } from './tenancy/tenant-file';
import { TenantRegistry } from './tenancy/tenant-registry';
import { TimerService } from './timers/timer-service';
import { LiveFeed, mountConsole } from './console';
import { createPayments } from './payments';
import { natsLiveBridge } from './cluster/nats-live-bridge';

export interface RuntimeOverrides {
  logger?: Logger;
  /** Extra machines; `defaultMachines` picks which one new threads of each kind run. */
  machines?: ThreadMachineDefinition[];
  defaultMachines?: { customer: string; admin: string };
  /** Extra or replacement effect handlers by kind. */
  handlers?: Record<string, EffectHandler>;
  /**
   * Called with every effect handler in place, before the dispatcher starts: may wrap them
   * (the cluster fault tests report each attempt's idempotency key to a fake provider).
   */
  decorateHandlers?: (handlers: EffectHandlers) => void;
  enrich?: EventEnricher;
  onTurn?: (info: TurnInfo) => void;
  /** Outbox retry base delay (tests shorten it). */
  outboxBackoffBaseMs?: number;
  /** Inbox sweep period (wake-ups are hints; the sweep is the backstop). */
  sweepIntervalMs?: number;
  /**
   * Pins the time of call results, effect handlers (booking `now`) and timer firing; messages
   * carry their own `at`. Conversation scenarios use it (see test-support/scenarios). Default: system.
   */
  clock?: Clock;
}

export interface Runtime {
  config: RatibaConfig;
  db: Database;
  log: Logger;
  metrics: Metrics;
  tenants: TenantRegistry;
  ingress: Ingress;
  supervisor: Supervisor;
  ownership: ShardOwnership;
  dispatcher: OutboxDispatcher;
  timers: TimerService;
  /** Deletes finished effects and events past `RATIBA_RETENTION_DAYS`, hourly. */
  retention: RetentionSweeper;
  http: HttpServer;
  /** Graceful shutdown: stop intake, finish turns in flight, hand shards back, close. */
  stop(): Promise<void>;
}

/** Composes the whole backend from its configuration. `npm start`, tests and benchmarks use it. */
export async function startRuntime(
  config: RatibaConfig,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const log = overrides.logger ?? createLogger({ level: config.logLevel, logPii: config.logPii });
  const metrics = createMetrics();
  const faults = createFaults(config.faultPoint);
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedDatabase(config.dataDir);
    log.info({ dataDir: config.dataDir }, 'embedded database started');
  }
  // In a cluster, a paused process must not keep its shards by holding a commit's locks.
  const databaseUrl =
    config.databaseUrl && config.natsUrl
      ? withStalledTransactionTimeout(config.databaseUrl, config.leaseTtlMs)
      : config.databaseUrl;
  const db = createDatabase(
    {
      connectionString: databaseUrl ?? embedded!.connectionString,
      max: embedded ? 1 : 10,
      applicationName: `ratiba:${config.nodeId}`,
      preparedStatements: config.preparedStatements,
    },
    log,
  );
  if (config.natsUrl) survivePoolClientErrors(db, log);
  // Webhook acknowledgements (inbox writes, delivery statuses) get connections of their own, so
  // they never queue behind turns and effects. The embedded database has one connection only.
  const ingressDb = embedded
    ? db
    : createDatabase(
        {
          connectionString: databaseUrl!,
          max: 4,
          applicationName: `ratiba:${config.nodeId}:ingress`,
          preparedStatements: config.preparedStatements,
        },
        log,
      );
  if (config.natsUrl && ingressDb !== db) survivePoolClientErrors(ingressDb, log);
  await migrateAll(db, log);
  if (config.demoTenantFile)
    await applyTenant(db, await readTenantFile(config.demoTenantFile), log);

  const tenants = new TenantRegistry(db);
  const localBus = new LocalChangeBus();
  const bus: ChangeBus = embedded
    ? localBus
    : await createPgChangeBus(config.databaseUrl!, [REGISTRY_CHANNEL], log);
  // The embedded parser, behind the LLM router when a model key is configured.
  const understander = createUnderstander(config.llm, db, log);
  bus.subscribe(REGISTRY_CHANNEL, (slug) => {
    tenants.invalidate(slug || undefined);
    understander.invalidate(slug || undefined);
  });

  const machines = new MachineRegistry(
    [probeThread, customerThread, ...(overrides.machines ?? [])],
    // No admin machine yet: owners' threads run the probe (relays arrive, nothing is lost).
    overrides.defaultMachines ?? { customer: customerThread.name, admin: probeThread.name },
  );
  // With NATS: membership, rendezvous ownership, wake-ups and replies across processes.
  const cluster = config.natsUrl
    ? await connectCluster({ ...config, natsUrl: config.natsUrl }, db, log, metrics)
    : undefined;
  const ownership: ShardOwnership =
    cluster?.ownership ??
    new LocalOwnership(
      db,
      { nodeId: config.nodeId, shardCount: config.shardCount, leaseTtlMs: config.leaseTtlMs },
      log,
      metrics,
    );
  const replies = cluster?.replies ?? new ReplyWaiters();
  // Wired below: the committer needs the supervisor, dispatcher and timers to wake after commit.
  const late: { supervisor?: Supervisor; dispatcher?: OutboxDispatcher; timers?: TimerService } =
    {};
  const localWaker = { wake: (t: Parameters<Supervisor['wake']>[0]) => late.supervisor?.wake(t) };
  const waker = cluster ? cluster.waker(localWaker) : localWaker;
  const committer = new TurnCommitter(
    db,
    { nodeId: config.nodeId, concurrency: embedded ? 1 : 2 },
    metrics,
    faults,
    (info) => {
      for (const d of info.delivered)
        waker.wake({ tenant: d.tenant, threadKey: d.threadKey, shard: d.shard });
      for (const t of info.outboxTenants) late.dispatcher?.kick(t);
      if (info.earliestTimer !== null) late.timers?.nudge(info.earliestTimer);
    },
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
      enrich: overrides.enrich ?? understandingEnricher(understander),
      onTurn: (info: TurnInfo) => {
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
  // Webhook dedup fast path: Redis shared by the cluster with REDIS_URL, an in-process LRU without.
  const dedup = createDedupCache(config.redisUrl, log, metrics);
  // The front door of every event: webhooks, simulator, console, transcripts, calls.
  const ingress = new Ingress(
    ingressDb,
    new InboxWriter(ingressDb, { maxBatch: 256, concurrency: embedded ? 1 : 2 }),
    tenants,
    waker,
    replies,
    faults,
    metrics,
    { shardCount: config.shardCount, replyTimeoutMs: config.replyTimeoutMs, maxTextLength: 4096 },
    dedup,
  );
  // WhatsApp / Instagram / Messenger / SMS senders, webhook effects, reminders on bookings.
  const channels = createChannels(config, {
    db,
    ingressDb,
    ingress,
    tenants,
    log,
    metrics,
    kickOutbox: (slug) => late.dispatcher?.kick(slug),
  });
  const handlers = builtinHandlers();
  for (const [kind, h] of Object.entries(channels.handlers)) handlers.set(kind, h);
  const booking = channels.withReminders(
    withInquiryShaping(bookingHandlers(db, log), understander),
  );
  for (const [kind, h] of Object.entries(booking)) handlers.set(kind, h);
  // M-Pesa (and later cards): the payment calls and the providers' callback routes.
  let listeningUrl = '';
  const payments = createPayments(config.payments, {
    db,
    ingressDb,
    tenants,
    ingress,
    log,
    metrics,
    localUrl: () => listeningUrl,
    faults,
  });
  for (const [kind, h] of Object.entries(payments.handlers)) handlers.set(kind, h);
  for (const [kind, h] of Object.entries(overrides.handlers ?? {})) handlers.set(kind, h);
  overrides.decorateHandlers?.(handlers);
  const dispatcher = new OutboxDispatcher(
    db,
    tenants,
    ownership,
    handlers,
    waker,
    metrics,
    log,
    faults,
    {
      pollMs: config.outboxPollMs,
      maxAttempts: config.outboxMaxAttempts,
      leaseMs: config.outboxLeaseMs,
      ...(overrides.outboxBackoffBaseMs !== undefined
        ? { backoffBaseMs: overrides.outboxBackoffBaseMs }
        : {}),
      ...(overrides.clock ? { clock: overrides.clock } : {}),
    },
  );
  const timers = new TimerService(db, tenants, ownership, waker, metrics, log, faults, {
    pollMs: config.timerPollMs,
    batchSize: 200,
    gates: channels.timerGates,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  Object.assign(late, { supervisor, dispatcher, timers });
  const retention = new RetentionSweeper(db, tenants, ownership, log, {
    retentionMs: config.retentionMs,
    everyMs: 3600_000,
  });
  const { app, router } = createHttpApp(log, metrics);
  healthRoutes(router, { db, ownership, metrics, nodeId: config.nodeId });
  if (config.simulatorEnabled) simulatorRoutes(router, { ingress });
  channels.routes(router);
  payments.routes(router);

  await ownership.start();
  supervisor.start();
  dispatcher.start();
  timers.start();
  retention.start();
  // With no login configured the console and simulator are for this machine only.
  const host = config.host ?? (embedded ? '127.0.0.1' : undefined);
  const http = await listen(app, router, config.port, host);
  listeningUrl = http.url;
  mountConsole({ config, router, http, db, tenants, ingress, machines, feed, log });
  log.info({ url: http.url, node: config.nodeId, embedded: Boolean(embedded) }, 'ratiba listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      // In a cluster, hand the shards over first: the next owners take over at once (and answer
      // the requests still open here, over NATS) while this process drains.
      if (cluster) await ownership.stop();
      await http.close();
      await supervisor.stop();
      await dispatcher.stop();
      await channels.close();
      await dedup.close();
      timers.stop();
      retention.stop();
      replies.close();
      await ownership.stop();
      await cluster?.close();
      await bus.close();
      if (ingressDb !== db) await ingressDb.close();
      await db.close();
      await embedded?.stop();
      log.info('stopped');
    })());

  return {
    config,
    db,
    log,
    metrics,
    tenants,
    ingress,
    supervisor,
    ownership,
    dispatcher,
    timers,
    retention,
    http,
    stop,
  };
}
