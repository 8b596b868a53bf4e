import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../bin/ratiba.js');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface NodeProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnNodeOptions {
  /** Default true. */
  waitReady?: boolean;
  /**
   * A TypeScript entry run through tsx instead of `ratiba start` (e.g. `cluster-node.ts`, which
   * starts the same runtime with test-only decorations).
   */
  entry?: string;
}

/** Starts `ratiba start` as a real child process and waits until `/readyz` says ready. */
export async function spawnNode(
  env: Record<string, string>,
  options: SpawnNodeOptions = {},
): Promise<NodeProcess> {
  const port = await freePort();
  const args = options.entry ? ['--import', 'tsx', options.entry] : [BIN, 'start'];
  const proc = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      RATIBA_LOG_LEVEL: process.env.TEST_LOG ?? 'warn',
      // A small connection budget per process: suites share a default Postgres (see test-runtime).
      RATIBA_DB_POOL_MAX: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => res({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const node: NodeProcess = { url, proc, output: () => out, exited };
  if (options.waitReady === false) return node;
  // Loading the runtime takes ~4 s of CPU (tsx and every dependency); three processes starting
  // at once on a 2-core machine other test runs share took over 30 s to answer (issue 17).
  const deadline = Date.now() + 120_000;
  let dead = false;
  void exited.then(() => (dead = true));
  for (;;) {
    if (dead) throw new Error(`node exited before it was ready:\n${out}`);
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return node;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`node not ready in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
