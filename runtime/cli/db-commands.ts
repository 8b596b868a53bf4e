import { loadConfig } from '../config';
import { createDatabase, type Database } from '../db/database';
import { startEmbeddedDatabase } from '../db/embedded';
import { migrateAll } from '../db/migrate';
import { createLogger } from '../logger';
import { setUpTenant } from '../tenant-setup';
import { readTenantFile } from '../tenancy/tenant-file';

/** Runs `fn` against DATABASE_URL, or the embedded database when it is unset. */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir);
  const db = createDatabase({
    connectionString: config.databaseUrl ?? embedded!.connectionString,
    max: 1,
  });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

export async function migrateCommand(): Promise<number> {
  const log = createLogger({ level: 'info', logPii: false });
  const { applied } = await withDatabase((db) => migrateAll(db, log));
  console.log(applied === 0 ? 'database is up to date' : `applied ${applied} migration(s)`);
  return 0;
}

export async function tenantApplyCommand(path: string): Promise<number> {
  const file = await readTenantFile(path);
  const result = await withDatabase(async (db) => {
    await migrateAll(db);
    return setUpTenant(db, file);
  });
  console.log(
    `tenant ${result.slug} ${result.created ? 'created' : 'updated'} (schema t_${result.slug})`,
  );
  return 0;
}
