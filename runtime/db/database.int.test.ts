import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';

describe('database: repeated statements are prepared', () => {
  let t: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    t = await createTestDatabase();
    // One connection, so every statement meets the same session; a cap of three names.
    db = createDatabase({ connectionString: t.url, max: 1, preparedStatements: 3 });
  });
  afterAll(async () => {
    await db.close();
    await t.drop();
  });

  const prepared = async () =>
    (
      await db.query<{ statement: string }>(
        'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time',
      )
    ).rows.map((r) => r.statement);

  it('prepares a parameterized statement once and reuses it, in and out of transactions', async () => {
    for (let i = 0; i < 3; i++)
      expect((await db.query<{ x: number }>('SELECT $1::int + 1 AS x', [i])).rows[0]!.x).toBe(
        i + 1,
      );
    const inTx = await db.transaction(async (tx) => {
      const r = await tx.query<{ x: number }>('SELECT $1::int + 1 AS x', [41]);
      return r.rows[0]!.x;
    });
    expect(inTx).toBe(42);
    expect(await prepared()).toEqual(['SELECT $1::int + 1 AS x']);
  });

  it('runs statements without parameters unnamed', async () => {
    await db.query('SELECT 1 AS one');
    expect(await prepared()).not.toContain('SELECT 1 AS one');
  });

  it('a failing statement fails the same way every time and leaves the connection usable', async () => {
    // Refused at parse (the name is never prepared), then at execution (prepared, fails to run).
    await expect(db.query('SELEC $1', [1])).rejects.toThrow(/syntax/);
    await expect(db.query('SELEC $1', [1])).rejects.toThrow(/syntax/);
    for (let i = 0; i < 2; i++)
      await expect(db.query('SELECT $1::int / 0 AS boom', [i])).rejects.toThrow(/division by zero/);
    expect((await db.query<{ x: number }>('SELECT $1::int + 1 AS x', [1])).rows[0]!.x).toBe(2);
  });

  it('past the cap, new statements run unnamed and still answer', async () => {
    // Names so far: 'SELECT $1::int + 1', 'SELEC $1', 'SELECT $1::int / 0' (the cap is three).
    expect((await db.query<{ y: string }>('SELECT $1::text AS y', ['a'])).rows[0]!.y).toBe('a');
    expect((await db.query<{ y: string }>('SELECT $1::text AS y', ['b'])).rows[0]!.y).toBe('b');
    expect(await prepared()).not.toContain('SELECT $1::text AS y');
  });

  it('with a cap of 0 (a pooler that cannot keep them) nothing is prepared', async () => {
    const plain = createDatabase({ connectionString: t.url, max: 1, preparedStatements: 0 });
    try {
      for (let i = 0; i < 3; i++) await plain.query('SELECT $1::int AS x', [i]);
      const { rows } = await plain.query('SELECT name FROM pg_prepared_statements');
      expect(rows).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
