/**
 * The composition root: the whole backend from its configuration, started in phases (storage ->
 * engine -> channels and effects -> http), each phase a module of runtime/startup. `npm start`,
 * tests and benchmarks use it.
 */
import type { ShardOwnership } from './cluster/shard-ownership';
import type { RatibaConfig } from './config';
import { bootStep } from './boot-errors';
import { consoleAuthOf, mountConsole, withServiceToken } from './console';
import type { Database } from './db/database';
import type { RetentionSweeper } from './db/retention';
import type { OutboxDispatcher } from './effects/outbox-dispatcher';
import { createFaults } from './faults';
import { healthRoutes } from './http/health-routes';
import { createHttpApp, listen, type HttpServer } from './http/server';
import { callSimulatorRoutes } from './http/call-simulator-routes';
import { simulatorRoutes } from './http/simulator-routes';
import { createLogger, type Logger } from './logger';
import type { Ingress } from './mailbox/ingress';
import { createMetrics, type Metrics } from './metrics';
import { createEffects, type Effects } from './startup/effects';
import { startEngine, type Engine } from './startup/engine';
import type { RuntimeOverrides } from './startup/overrides';
import { openStorage, type Storage } from './startup/storage';
import type { Supervisor } from './supervisor/supervisor';
import type { TenantRegistry } from './tenancy/tenant-registry';
import type { TimerService } from './timers/timer-service';
import { serveVoiceGateway } from './voice-worker/voice-gateway';

export type { RuntimeOverrides } from './startup/overrides';

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
  /** Keeps a daily digest timer on every owner's thread. */
  digests: Engine['owners']['digests'];
  http: HttpServer;
  /** Graceful shutdown: stop intake, finish turns in flight, hand shards back, close. */
  stop(): Promise<void>;
}

export async function startRuntime(
  config: RatibaConfig,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const log = overrides.logger ?? createLogger({ level: config.logLevel, logPii: config.logPii });
  const base = { log, metrics: createMetrics(), faults: createFaults(config.faultPoint) };
  const storage = await openStorage(config, log);
  let engine: Engine | undefined;
  let effects: Effects | undefined;
  let http: HttpServer;
  try {
    engine = await startEngine(config, overrides, base, storage);
    effects = createEffects(config, overrides, base, storage, engine);
    http = await startHttp(config, base, storage, engine, effects);
  } catch (err) {
    // A boot that fails (NATS unreachable, the port in use) closes what it opened: nothing it
    // left behind keeps the process running; no shard was claimed yet (that comes last).
    await abandon(storage, engine, effects);
    throw err;
  }

  await engine.ownership.start();
  engine.supervisor.start();
  effects.dispatcher.start();
  effects.timers.start();
  effects.retention.start();
  engine.owners.digests.start();
  // The voice worker's turns (README "Voice"): any node answers them, through its ingress.
  const voice = engine.cluster
    ? serveVoiceGateway({
        nc: engine.cluster.nc,
        ingress: effects.ingress,
        tenants: storage.tenants,
        log,
      })
    : undefined;
  log.info(
    { url: http.url, node: config.nodeId, embedded: Boolean(storage.embedded) },
    'ratiba listening',
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    voice?.close();
    return (stopping ??= shutdown(log, storage, engine, effects, http));
  };
  return {
    config,
    db: storage.db,
    log,
    metrics: base.metrics,
    tenants: storage.tenants,
    ingress: effects.ingress,
    supervisor: engine.supervisor,
    ownership: engine.ownership,
    dispatcher: effects.dispatcher,
    timers: effects.timers,
    retention: effects.retention,
    digests: engine.owners.digests,
    http,
    stop,
  };
}

/** Phase 4: health, simulator, webhooks and the console on one HTTP server. */
async function startHttp(
  config: RatibaConfig,
  base: { log: Logger; metrics: Metrics },
  storage: Storage,
  engine: Engine,
  effects: Effects,
): Promise<HttpServer> {
  const { log, metrics } = base;
  const { db, tenants } = storage;
  const { app, router } = createHttpApp(log, metrics);
  healthRoutes(router, {
    db,
    ownership: engine.ownership,
    metrics,
    nodeId: config.nodeId,
    metricsToken: config.metricsToken,
  });
  // One authentication for the console and the simulators, which are behind it.
  const auth = consoleAuthOf(config);
  if (config.simulatorEnabled) {
    // The voice bridge calls these too: a console token, or the service token when configured.
    const bridgeAuth = withServiceToken(auth, config.serviceToken);
    simulatorRoutes(router, { ingress: effects.ingress, auth: bridgeAuth });
    callSimulatorRoutes(router, { ingress: effects.ingress, auth: bridgeAuth });
  }
  effects.channels.routes(router);
  effects.payments.routes(router);
  // With no login configured the console and simulator are for this machine only.
  const host = config.host ?? (storage.embedded ? '127.0.0.1' : undefined);
  const http = await bootStep({ kind: 'http', port: config.port, host }, () =>
    listen(app, router, config.port, host),
  );
  effects.payments.listening(http.url);
  const { ingress } = effects;
  const { machines, feed } = engine;
  mountConsole({ config, router, http, db, tenants, ingress, machines, feed, log, auth });
  return http;
}

/** Closes what a failed boot had opened (best effort: the boot's own error is what counts). */
async function abandon(storage: Storage, engine?: Engine, effects?: Effects): Promise<void> {
  const steps = [
    () => effects?.channels.close(),
    () => effects?.dedup.close(),
    () => engine?.replies.close(),
    () => engine?.cluster?.close(),
    () => storage.close(),
  ];
  for (const step of steps)
    await Promise.resolve()
      .then(step)
      .catch(() => undefined);
}

/** Graceful shutdown: stop intake, finish turns in flight, hand shards back, close. */
async function shutdown(
  log: Logger,
  storage: Storage,
  engine: Engine,
  effects: Effects,
  http: HttpServer,
): Promise<void> {
  log.info('shutting down');
  // In a cluster, hand the shards over first: the next owners take over at once (and answer
  // the requests still open here, over NATS) while this process drains.
  if (engine.cluster) await engine.ownership.stop();
  await http.close();
  await engine.supervisor.stop();
  await effects.dispatcher.stop();
  await effects.channels.close();
  await effects.dedup.close();
  effects.timers.stop();
  effects.retention.stop();
  engine.owners.digests.stop();
  engine.replies.close();
  await engine.ownership.stop();
  await engine.cluster?.close();
  await storage.close();
  log.info('stopped');
}
