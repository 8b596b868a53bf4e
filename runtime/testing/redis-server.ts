import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from './spawn-node';

/** The redis-server binary (Debian's package); override with REDIS_SERVER_BIN. */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface TestRedisServer {
  url: string;
  port: number;
  /** FLUSHALL: every key gone, as after a restart of a cache without persistence. */
  flush(): Promise<void>;
  /** Stops the server (its data is not persisted). */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

/** A private redis-server on a free port, without persistence, for one test file. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  let out = '';
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    const p = spawn(
      REDIS_SERVER_BIN,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc = p;
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (p.exitCode !== null) throw new Error(`redis-server exited:\n${out}`);
      if (Date.now() > deadline) throw new Error(`redis-server not listening:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url,
    port,
    async flush() {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await r.connect();
        await r.flushall();
      } finally {
        r.disconnect();
      }
    },
    stop,
    start,
    close: stop,
  };
}
