/**
 * Startup phase 1, storage: the database (embedded when `DATABASE_URL` is unset), the ingress's
 * own connections, migrations, the demo tenant, the tenant registry and its change bus.
 */
import {
  survivePoolClientErrors,
  withStalledTransactionTimeout,
} from '../cluster/stalled-transactions';
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

export async function openStorage(config: RatibaConfig, log: Logger): Promise<Storage> {
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedDatabase(config.dataDir);
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
    if (config.natsUrl) survivePoolClientErrors(db, log);
    return db;
  };
  const db = pool('', embedded ? 1 : 10);
  // Webhook acknowledgements (inbox writes, delivery statuses) get connections of their own, so
  // they never queue behind turns and effects. The embedded database has one connection only.
  const ingressDb = embedded ? db : pool(':ingress', 4);
  await migrateAll(db, log);
  if (config.demoTenantFile)
    await setUpTenant(db, await readTenantFile(config.demoTenantFile), log);
  const tenants = new TenantRegistry(db);
  const bus: ChangeBus = embedded
    ? new LocalChangeBus()
    : await createPgChangeBus(config.databaseUrl!, [REGISTRY_CHANNEL], log);
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
