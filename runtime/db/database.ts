import pg from 'pg';
import type { Logger } from '../logger';
import type { Queryable } from './queryable';

// Return bigint columns (ids, epochs, sequence numbers) as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DatabaseOptions {
  connectionString: string;
  /** Pool size. The embedded database takes exactly one connection. */
  max: number;
  applicationName: string;
}

export const DEFAULT_DATABASE_OPTIONS: Omit<DatabaseOptions, 'connectionString'> = {
  max: 10,
  applicationName: 'ratiba',
};

export interface Database extends Queryable {
  readonly pool: pg.Pool;
  readonly options: DatabaseOptions;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createDatabase(
  options: Partial<DatabaseOptions> & { connectionString: string },
  log?: Logger,
): Database {
  const opts: DatabaseOptions = { ...DEFAULT_DATABASE_OPTIONS, ...options };
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max,
    application_name: opts.applicationName,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => log?.warn({ err }, 'database pool client error'));

  async function transaction<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  return {
    pool,
    options: opts,
    query: (text, values) => pool.query(text, values as unknown[]),
    transaction,
    close: () => pool.end(),
  };
}
