/** `ratiba doctor` (issue 17): each dependency of the configuration checked, one line each. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { doctorCommand } from './doctor-command';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true, max: 1 });
});
afterAll(() => t?.drop());
afterEach(() => vi.restoreAllMocks());

function lines() {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  return out;
}

describe('ratiba doctor', () => {
  it('passes on a reachable, migrated database with tenants', async () => {
    const out = lines();
    const code = await doctorCommand({ DATABASE_URL: t.url });
    expect(out.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContainEqual(expect.stringMatching(/^ok +database +PostgreSQL \d+/));
    expect(out).toContainEqual(expect.stringMatching(/^ok +tenants +1: demo$/));
  });

  it('fails naming what is wrong and what to do', async () => {
    const out = lines();
    const env = {
      DATABASE_URL: t.url,
      NATS_URL: 'nats://127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:1',
    };
    expect(await doctorCommand(env)).toBe(1);
    expect(out).toContainEqual(expect.stringMatching(/^FAIL nats .*NATS_URL/));
    expect(out).toContainEqual(expect.stringMatching(/^FAIL redis .*REDIS_URL/));
    expect(await doctorCommand({ PORT: 'eighty' })).toBe(1);
    expect(out).toContainEqual(expect.stringMatching(/^FAIL config .*PORT/));
  });
});
