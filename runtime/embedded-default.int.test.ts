import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime } from './app';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { spawnNode } from '../test-support/spawn-node';
import { simulate } from '../test-support/test-runtime';

/**
 * `npm start` with nothing configured: the embedded database under the data directory, the demo
 * tenant, the simulator — and a restart keeps the conversation.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ratiba-embedded-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const start = () =>
  startRuntime(loadConfig({ PORT: '0', RATIBA_DATA_DIR: dir }), {
    logger: createLogger({ level: process.env.TEST_LOG ?? 'silent', logPii: false }),
  });

describe('embedded default', () => {
  it('runs with no services, books through the simulator, and keeps the conversation across a restart', async () => {
    const first = await start();
    let thread: string;
    try {
      expect(first.config.databaseUrl).toBeUndefined();
      expect((await fetch(`${first.http.url}/readyz`)).status).toBe(200);
      const hi = await simulate(first.http.url, {
        from: '+254712000201',
        text: 'I want a haircut tomorrow at 3pm',
      });
      expect(hi.body.status).toBe('ok');
      expect(hi.body.replies[0]!.text).toMatch(/Haircut/);
      thread = hi.body.thread;
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      const { rows } = await second.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM t_demo.journal WHERE thread_key = $1`,
        [thread],
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
      // The thread picks up where it was: it still knows the service, so "anyone" offers slots.
      const next = await simulate(second.http.url, {
        from: '+254712000201',
        text: 'anyone',
        replyId: 'staff:any',
      });
      expect(next.body.thread).toBe(thread);
      expect(next.body.replies[0]!.text).toMatch(/Haircut/);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('refuses a second process on the same data directory with a clear message', async () => {
    const rt = await start();
    try {
      const other = await spawnNode({ RATIBA_DATA_DIR: dir }, { waitReady: false });
      const exit = await other.exited;
      expect(exit.code).toBe(1);
      expect(other.output()).toMatch(/in use by process \d+/);
      expect((await fetch(`${rt.http.url}/readyz`)).status).toBe(200);
    } finally {
      await rt.stop();
    }
  }, 120_000);
});
