/**
 * Fail fast and clearly at boot (issue 17). Regressions: with the port in use or NATS
 * unreachable the process kept running (no HTTP) instead of exiting 1; an unreachable or missing
 * database, an unknown role or a missing tenant file printed a stack trace instead of one line
 * with a hint.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { spawnNode } from '../../test-support/spawn-node';

/** A server holding a free port, so that a backend told to use that port finds it in use. */
async function holdPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

let t: TestDatabase;
let blocker: Server;
const busyPort = () => (blocker.address() as AddressInfo).port;

beforeAll(async () => {
  [t, blocker] = await Promise.all([createTestDatabase({ max: 1 }), holdPort()]);
});
afterAll(async () => {
  await new Promise((r) => blocker?.close(r));
  await t?.drop();
});

/** Starts `ratiba start` with `env`; resolves with its exit code and output once it exits. */
async function boot(env: Record<string, string>) {
  const node = await spawnNode(env, { waitReady: false });
  const timer = setTimeout(() => node.proc.kill('SIGKILL'), 30_000);
  const { code, signal } = await node.exited;
  clearTimeout(timer);
  return { code, signal, output: node.output() };
}

const other = (url: string, path: string) => {
  const u = new URL(url);
  u.pathname = path;
  return u.toString();
};

describe('a backend that cannot start', () => {
  it.each([
    ['the port is in use', () => ({ PORT: String(busyPort()) }), /port \d+ .*in use.*PORT/i],
    ['NATS is unreachable', () => ({ NATS_URL: 'nats://127.0.0.1:1' }), /NATS.*NATS_URL/],
    [
      'the database is unreachable',
      () => ({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/ratiba' }),
      /cannot reach PostgreSQL.*DATABASE_URL/,
    ],
    [
      'the database does not exist',
      () => ({ DATABASE_URL: other(t.url, '/ratiba_missing_db') }),
      /database "ratiba_missing_db" does not exist.*createdb/,
    ],
    [
      'the role is unknown',
      () => ({ DATABASE_URL: other(t.url, '/postgres').replace('postgres@', 'nosuchrole@') }),
      /role "nosuchrole" .*DATABASE_URL/,
    ],
    [
      'the tenant file is missing',
      () => ({ RATIBA_DEMO_TENANT: '/nonexistent/tenant.yaml' }),
      /tenant file \/nonexistent\/tenant\.yaml.*not found/i,
    ],
  ])('exits 1 with one line and a hint when %s', async (_, env, line) => {
    const r = await boot({ DATABASE_URL: t.url, RATIBA_DEMO_TENANT: '', ...env() });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.output).toMatch(line);
    expect(r.output).not.toMatch(/^\s+at /m); // no stack trace
  });
});
