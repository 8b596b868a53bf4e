/**
 * Regression (issue 17): test runs opened so many connections at once (15 per runtime, 10 per
 * test database) that on a default Postgres (100 connections) shared with another run the fault
 * suites failed with "too many clients". A runtime stays inside RATIBA_DB_POOL_MAX: its main pool,
 * the webhook pool (half of it) and the change listener, however busy it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { simulate, startTestRuntime } from '../../test-support/test-runtime';

let t: TestDatabase;
let rt: Runtime;

beforeAll(async () => {
  t = await createTestDatabase({ max: 1 });
  rt = await startTestRuntime(t.url, { RATIBA_DB_POOL_MAX: '2' });
});
afterAll(async () => {
  await rt?.stop();
  await t?.drop();
});

const runtimeConnections = async () =>
  Number(
    (
      await t.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE 'ratiba%'
           AND pid <> pg_backend_pid()`,
      )
    ).rows[0]!.n,
  );

describe('connection budget', () => {
  it('a busy runtime holds at most its pool sizes plus the change listener', async () => {
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await runtimeConnections());
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        simulate(rt.http.url, { from: `+2547160${String(i).padStart(5, '0')}`, text: 'hi' }),
      ),
    );
    sampling = false;
    await sampler;
    expect(results.every((r) => r.status === 200 || r.status === 202)).toBe(true);
    expect(rt.config.dbPoolMax).toBe(2);
    // main pool 2 + webhook pool 1 + change listener 1
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(4);
  });
});
