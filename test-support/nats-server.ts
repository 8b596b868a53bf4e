import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverProcess } from './server-process';
import { freePort } from './spawn-node';

/** The nats-server binary (Debian's package); override with NATS_SERVER_BIN. */
export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface TestNatsServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM), keeping its JetStream store for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it and deletes its store. */
  close(): Promise<void>;
}

/** A nats-server with JetStream on a free port and a store of its own, for one test file. */
export async function startNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ratiba-nats-'));
  const { start, stop } = serverProcess(
    'nats-server',
    NATS_SERVER_BIN,
    ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)],
    port,
  );
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
