import { startRuntime, type Runtime, type RuntimeOverrides } from '../runtime/app';
import { resolve } from 'node:path';
import { loadConfig, type RatibaConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';

/** The demo tenant running the probe machine (tests of the runtime itself). */
export const PROBE_DEMO_TENANT_FILE = resolve(import.meta.dirname, 'fixtures/probe-demo.yaml');

/** A runtime on a test database, on a free port, quiet unless TEST_LOG is set. */
export async function startTestRuntime(
  databaseUrl: string,
  env: Record<string, string> = {},
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const config: RatibaConfig = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    RATIBA_SIMULATOR: '1',
    RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE,
    RATIBA_SHARDS: '16',
    RATIBA_TIMER_POLL_MS: '100',
    RATIBA_OUTBOX_POLL_MS: '100',
    ...env,
  });
  return startRuntime(config, {
    logger: createLogger({ level: process.env.TEST_LOG ?? 'silent', logPii: false }),
    outboxBackoffBaseMs: 20,
    sweepIntervalMs: 200,
    ...overrides,
  });
}

/** POST /api/simulator/messages on a running backend. */
export async function simulate(
  url: string,
  body: { tenant?: string; from: string; text: string; messageId?: string; replyId?: string },
): Promise<{
  status: number;
  body: {
    replies: { kind: string; text: string }[];
    status: string;
    thread: string;
    duplicate: boolean;
    error?: string;
  };
}> {
  const res = await fetch(`${url}/api/simulator/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', ...body }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** Polls until `fn` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
