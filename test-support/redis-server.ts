import { Redis } from 'ioredis';
import { serverProcess } from './server-process';
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

/** A private redis-server on a free port, without persistence, for one test file. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const { start, stop } = serverProcess(
    'redis-server',
    REDIS_SERVER_BIN,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    port,
  );
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
