/**
 * Startup phase 1, storage: the database (embedded when `DATABASE_URL` is unset), the ingress's
 * own connections, migrations, the demo tenant, the tenant registry and its change bus.
 */
import { bootStep } from '../boot-errors';
import { withStalledTransactionTimeout } from '../cluster/stalled-transactions';
import type { RatibaConfig } from '../config';
import { createDatabase, type Database } from '../db/database';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded';
import { migrateAll } from '../db/migrate';
import type { Logger } from '../logger';
import { createPgChangeBus, LocalChangeBus, type ChangeBus } from '../tenancy/change-bus';
import { REGISTRY_CHANNEL } from '../tenancy/tenant-apply';
import { readTenantFile } from '../tenancy/tenant-file';
import { TenantRegistry } from '../tenancy/tenant-registry';
import { setUpTenant } from '../tenant-setup';

export interface Storage {
  /** The embedded database, when there is no `DATABASE_URL`. */
  embedded: EmbeddedDatabase | undefined;
  db: Database;
  /** Webhook acknowledgements' own connections (the same pool on the embedded database). */
  ingressDb: Database;
  tenants: TenantRegistry;
  /** Low-rate changes between processes (tenant registry, catalog). */
  bus: ChangeBus;
  close(): Promise<void>;
}

/**
 * A failure (Postgres unreachable, missing database or role, a missing tenant file) is one
 * public `boot_failed` line with a hint (see boot-errors.ts), after closing what was opened.
 */
export async function openStorage(config: RatibaConfig, log: Logger): Promise<Storage> {
  const opened: (() => Promise<unknown>)[] = [];
  try {
    return await open(config, log, opened);
  } catch (err) {
    for (const close of opened.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

async function open(
  config: RatibaConfig,
  log: Logger,
  opened: (() => Promise<unknown>)[],
): Promise<Storage> {
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    const dataDir = config.dataDir;
    embedded = await bootStep({ kind: 'embedded_database', dataDir }, () =>
      startEmbeddedDatabase(dataDir),
    );
    const started = embedded;
    opened.push(() => started.stop());
    log.info({ dataDir: config.dataDir }, 'embedded database started');
  }
  // In a cluster, a paused process must not keep its shards by holding a commit's locks.
  const url =
    config.databaseUrl && config.natsUrl
      ? withStalledTransactionTimeout(config.databaseUrl, config.leaseTtlMs)
      : (config.databaseUrl ?? embedded!.connectionString);
  const pool = (name: string, max: number) => {
    const db = createDatabase(
      {
        connectionString: url,
        max,
        applicationName: `ratiba:${config.nodeId}${name}`,
        preparedStatements: config.preparedStatements,
      },
      log,
    );
    opened.push(() => db.close());
    return db;
  };
  const db = pool('', embedded ? 1 : config.dbPoolMax);
  // Webhook acknowledgements (inbox writes, delivery statuses) get connections of their own, so
  // they never queue behind turns and effects. The embedded database has one connection only.
  const ingressDb = embedded ? db : pool(':ingress', config.ingressPoolMax);
  await bootStep({ kind: 'database', url: config.databaseUrl }, () => migrateAll(db, log));
  const demoFile = config.demoTenantFile;
  if (demoFile)
    await setUpTenant(
      db,
      await bootStep({ kind: 'tenant_file', path: demoFile }, () => readTenantFile(demoFile)),
      log,
    );
  const tenants = new TenantRegistry(db);
  const bus: ChangeBus = embedded
    ? new LocalChangeBus()
    : await createPgChangeBus(config.databaseUrl!, [REGISTRY_CHANNEL], log);
  opened.push(() => bus.close());
  bus.subscribe(REGISTRY_CHANNEL, (slug) => tenants.invalidate(slug || undefined));
  return {
    embedded,
    db,
    ingressDb,
    tenants,
    bus,
    async close() {
      await bus.close();
      if (ingressDb !== db) await ingressDb.close();
      await db.close();
      await embedded?.stop();
    },
  };
}
