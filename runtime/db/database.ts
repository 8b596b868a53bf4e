import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger';
import type { Queryable } from '../../contract';

// Return bigint columns (ids, epochs, sequence numbers) as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DatabaseOptions {
  connectionString: string;
  /** Pool size. The embedded database takes exactly one connection. */
  max: number;
  applicationName: string;
  /**
   * Distinct parameterized statements the pool prepares (named, parsed and planned once per
   * connection); further ones run unnamed. Texts differ per tenant schema, hence a cap.
   */
  preparedStatements: number;
}

export const DEFAULT_DATABASE_OPTIONS: Omit<DatabaseOptions, 'connectionString'> = {
  max: 10,
  applicationName: 'ratiba',
  preparedStatements: 500,
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
  const names = new StatementNames(opts.preparedStatements);
  pool.on('connect', (client) => prepareRepeatedStatements(client, names));

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

/**
 * Names for parameterized statements: the same text always gets the same name, so every
 * connection parses and plans it once and then only binds and executes. The hot statements
 * (inbox inserts, turn commits, outbox claims) spent about a third of the database's time in
 * planning under the webhook benchmark. Each connection keeps the statements it ran (with their
 * plans), so the number of names is capped; statements past the cap run unnamed.
 */
class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max: number) {}

  of(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.max) {
      name = `r_${createHash('sha1').update(text).digest('base64url')}`;
      this.names.set(text, name);
    }
    return name;
  }
}

/** Routes a connection's `query(text, values)` calls through named (prepared) statements. */
function prepareRepeatedStatements(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
      return query(...args);
    const name = names.of(text);
    return name ? query({ name, text, values }, ...args.slice(2)) : query(...args);
  };
}
