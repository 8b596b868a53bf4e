import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

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

export interface ServerProcess {
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A server binary the tests start and stop at will (nats-server, redis-server): `start()` spawns
 * it and waits until it listens on `port` (its output is in the error if it exits or never
 * listens within 10 s); `stop()` sends SIGTERM and waits for the exit.
 */
export function serverProcess(
  name: string,
  bin: string,
  args: readonly string[],
  port: number,
): ServerProcess {
  let proc: ChildProcess | undefined;
  let out = '';
  return {
    start: async () => {
      const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (out += d.toString()));
      proc = p;
      const deadline = Date.now() + 10_000;
      while (!(await portOpen(port))) {
        if (p.exitCode !== null) throw new Error(`${name} exited:\n${out}`);
        if (Date.now() > deadline) throw new Error(`${name} not listening:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      const p = proc;
      proc = undefined;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    },
  };
}
