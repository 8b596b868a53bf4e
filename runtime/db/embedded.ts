import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { RatibaError } from '../../contract';

/**
 * The embedded database of `npm start` with no DATABASE_URL: PGlite (Postgres compiled to WASM)
 * persisted under `<dataDir>/pg` and served over the Postgres wire protocol on a loopback port,
 * so `pg` stays the only driver. PGlite is single-connection: the runtime uses a pool of one and
 * never depends on LISTEN/NOTIFY between connections.
 */
export interface EmbeddedDatabase {
  readonly connectionString: string;
  stop(): Promise<void>;
}

interface LockFile {
  pid: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'pg');
  const lockPath = join(dataDir, 'embedded.lock');
  await mkdir(dataDir, { recursive: true });
  const existing = await readFile(lockPath, 'utf8')
    .then((s) => JSON.parse(s) as LockFile)
    .catch(() => undefined);
  if (existing && existing.pid !== process.pid && alive(existing.pid)) {
    throw new RatibaError(
      'database_unavailable',
      `the embedded database in ${dataDir} is in use by process ${existing.pid} (is \`npm start\` running?); stop it first or set DATABASE_URL`,
      { public: true },
    );
  }
  await writeFile(lockPath, JSON.stringify({ pid: process.pid } satisfies LockFile));
  const db = await PGlite.create(dir, { extensions: { btree_gist } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const addr = server.getServerConn();
  return {
    connectionString: `postgres://postgres@${addr}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
      await rm(lockPath, { force: true });
    },
  };
}
