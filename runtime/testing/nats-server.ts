import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A nats-server with JetStream on a free port and a store of its own, for one test file. */
export async function startNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ratiba-nats-'));
  let proc: ChildProcess | undefined;
  let out = '';
  const start = async () => {
    const p = spawn(NATS_SERVER_BIN, ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc = p;
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (p.exitCode !== null) throw new Error(`nats-server exited:\n${out}`);
      if (Date.now() > deadline) throw new Error(`nats-server not listening:\n${out}`);
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
