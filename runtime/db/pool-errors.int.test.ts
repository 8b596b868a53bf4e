/**
 * Regression (issue 17): a single process (no NATS_URL) exited with an unhandled 'error' when
 * Postgres terminated one of its connections while it was checked out (57P01: a failover, a
 * PgBouncer restart, an idle killer). The listener that survives it was installed in cluster mode
 * only; the pool's own handler covers idle connections only.
 */
import { Writable } from 'node:stream';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { createDatabase } from './database';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ max: 2 });
});
afterAll(() => t?.drop());

function capturingLogger() {
  const lines: { msg: string; err?: { code?: string } }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as (typeof lines)[number]);
      done();
    },
  });
  return { log: createLogger({ level: 'warn', logPii: false }, sink), lines };
}

describe('a connection Postgres ends while checked out', () => {
  it('fails the work in progress, is logged, and the process and pool carry on', async () => {
    const { log, lines } = capturingLogger();
    const db = createDatabase({ connectionString: t.url, max: 2 }, log);
    try {
      const killed = db.transaction(async (tx: pg.PoolClient) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await t.db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        // The backend is gone; without an 'error' listener the client's error event would
        // end the process here (vitest reports it as an unhandled error).
        await new Promise((r) => setTimeout(r, 200));
        await tx.query('SELECT 1');
      });
      await expect(killed).rejects.toThrow();
      await expect.poll(() => lines.some((l) => l.msg === 'database connection ended')).toBe(true);
      const { rows } = await db.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows[0]!.ok).toBe(1);
    } finally {
      await db.close();
    }
  });
});
