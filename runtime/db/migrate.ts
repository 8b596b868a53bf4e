import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import {
  ident,
  type Queryable,
  RatibaError,
  tenantSchema,
  type TenantSchema,
} from '../../contract';
import type { Logger } from '../logger';
import type { Database } from './database';

export const SQL_DIR = resolve(import.meta.dirname, '../../sql');
/** Any constant works; both the runner and tenant creation take it, so they never overlap. */
const MIGRATION_LOCK_KEY = 727_311_042;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

type Scope = 'public' | 'tenant';

const cache = new Map<Scope, Promise<Migration[]>>();

export function loadMigrations(scope: Scope, dir = SQL_DIR): Promise<Migration[]> {
  let found = cache.get(scope);
  if (!found) {
    found = readMigrations(join(dir, scope));
    cache.set(scope, found);
  }
  return found;
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 3)),
        name: file.slice(4, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16),
      };
    }),
  );
}

async function ensureLedger(q: Queryable): Promise<void> {
  await q.query(`CREATE TABLE IF NOT EXISTS public.ratiba_migrations (
    scope text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
}

/** Applies the migrations of one scope that are not yet in the ledger. Run inside a transaction. */
async function applyScope(
  tx: pg.PoolClient,
  scope: 'public' | TenantSchema,
  migrations: Migration[],
  log?: Logger,
): Promise<number> {
  const { rows } = await tx.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM public.ratiba_migrations WHERE scope = $1',
    [scope],
  );
  const applied = new Map(rows.map((r) => [r.version, r.checksum]));
  let count = 0;
  for (const m of migrations) {
    const seen = applied.get(m.version);
    if (seen !== undefined) {
      if (seen !== m.checksum) {
        throw new RatibaError(
          'internal',
          `migration ${scope}/${m.version}_${m.name} changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    const sql = scope === 'public' ? m.sql : m.sql.replaceAll('{{schema}}', ident(scope));
    await tx.query(sql);
    await tx.query(
      'INSERT INTO public.ratiba_migrations (scope, version, name, checksum) VALUES ($1, $2, $3, $4)',
      [scope, m.version, m.name, m.checksum],
    );
    log?.info({ scope, version: m.version, name: m.name }, 'migration applied');
    count++;
  }
  return count;
}

async function locked<T>(db: Database, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await ensureLedger(tx);
    return fn(tx);
  });
}

/** Migrates `public` and then every registered tenant schema. Idempotent; serialized by a lock. */
export async function migrateAll(db: Database, log?: Logger): Promise<{ applied: number }> {
  const publicMigrations = await loadMigrations('public');
  const tenantMigrations = await loadMigrations('tenant');
  let applied = await locked(db, (tx) => applyScope(tx, 'public', publicMigrations, log));
  const { rows } = await db.query<{ slug: string }>(
    'SELECT slug FROM public.tenants ORDER BY slug',
  );
  for (const { slug } of rows) {
    applied += await locked(db, (tx) => migrateTenantIn(tx, slug, tenantMigrations, log));
  }
  return { applied };
}

async function migrateTenantIn(
  tx: pg.PoolClient,
  slug: string,
  migrations: Migration[],
  log?: Logger,
): Promise<number> {
  const schema = tenantSchema(slug);
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
  return applyScope(tx, schema, migrations, log);
}

/** Creates (if needed) and migrates one tenant's schema inside the caller's transaction. */
export async function migrateTenantSchema(
  tx: pg.PoolClient,
  slug: string,
  log?: Logger,
): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await ensureLedger(tx);
  return migrateTenantIn(tx, slug, await loadMigrations('tenant'), log);
}
