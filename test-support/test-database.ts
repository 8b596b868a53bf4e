import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../runtime/db/database';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { migrateAll } from '../runtime/db/migrate';
import { setUpTenant } from '../runtime/tenant-setup';
import { readTenantFile } from '../runtime/tenancy/tenant-file';

/** The machine's Postgres (integration tests). Override with TEST_DATABASE_URL. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the fresh database. */
  url: string;
  db: Database;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database of its own for one integration test file: public registry,
 * shard leases and tenants included, so tests never see each other's data. `demoTenant`: with
 * `tenants/demo.yaml` applied (schema `t_demo`, its catalog).
 */
export async function createTestDatabase(
  options: { max?: number; demoTenant?: boolean } = {},
): Promise<TestDatabase> {
  const name = `ratiba_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(TEST_SERVER_URL, name);
  // Small by default: the test's own queries are few; the runtime under test has its own pools.
  const db = createDatabase({ connectionString: url, max: options.max ?? 3 });
  await migrateAll(db);
  if (options.demoTenant) await setUpTenant(db, await readTenantFile(DEMO_TENANT_FILE));
  return {
    url,
    db,
    async drop() {
      await db.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** `db` with a count of the statements sent through it (how many reads a cache saved). */
export function countingQueries(db: Database): { db: Database; count: () => number } {
  let statements = 0;
  return {
    db: {
      ...db,
      query: (text, values) => {
        statements++;
        return db.query(text, values);
      },
    },
    count: () => statements,
  };
}
