// `npm run cluster -- --nodes 3`: a local cluster for trying things out. Starts N `ratiba start`
// processes on DATABASE_URL and NATS_URL (ports 3001..3000+N), prints their URLs, prefixes their
// logs with the node name, and stops them all (SIGTERM: graceful handover) on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TENANT_FILE } from '../config';

const BIN = resolve(import.meta.dirname, '../../bin/ratiba.js');

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    'base-port': { type: 'string', default: '3001' },
  },
});
const count = Number(values.nodes);
const basePort = Number(values['base-port']);
if (!Number.isInteger(count) || count < 1 || count > 16) {
  console.error('--nodes must be an integer from 1 to 16');
  process.exit(2);
}
for (const name of ['DATABASE_URL', 'NATS_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: a cluster needs PostgreSQL and NATS (JetStream), e.g.
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ratiba NATS_URL=nats://127.0.0.1:4222 npm run cluster -- --nodes 3`);
    process.exit(2);
  }
}

const children: ChildProcess[] = [];

function startNode(i: number): Promise<string> {
  const id = `node-${i + 1}`;
  const port = basePort + i;
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      RATIBA_NODE_ID: id,
      RATIBA_SIMULATOR: process.env.RATIBA_SIMULATOR ?? '1',
      // The first node seeds the demo tenant (idempotent); the others find it in the database.
      ...(i === 0
        ? { RATIBA_DEMO_TENANT: process.env.RATIBA_DEMO_TENANT ?? DEMO_TENANT_FILE }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const prefix = (d: Buffer) =>
    d
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => `[${id}] ${l}\n`)
      .join('');
  child.stdout.on('data', (d: Buffer) => process.stdout.write(prefix(d)));
  child.stderr.on('data', (d: Buffer) => process.stderr.write(prefix(d)));
  child.once('exit', (code, signal) =>
    console.log(`[${id}] exited (${signal ?? `code ${String(code)}`})`),
  );
  return waitReady(`http://127.0.0.1:${port}`, child);
}

async function waitReady(url: string, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited`);
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: not ready after 60 s`);
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((res) => {
          if (c.exitCode !== null || c.signalCode !== null) return res();
          c.once('exit', () => res());
          c.kill('SIGTERM');
        }),
    ),
  );
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

try {
  const first = await startNode(0);
  const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startNode(i + 1)));
  const urls = [first, ...rest];
  console.log(`\n  Ratiba cluster: ${count} node(s)`);
  for (const [i, url] of urls.entries())
    console.log(`    node-${i + 1}  ${url}   (${url}/readyz, ${url}/metrics)`);
  console.log(
    `\n  try: curl -s -XPOST ${urls[0]}/api/simulator/messages -H 'content-type: application/json' \\` +
      `\n         -d '{"tenant":"demo","from":"+254712345678","text":"hi"}'` +
      `\n  Ctrl-C stops every node (graceful handover).\n`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll();
  process.exit(1);
}
