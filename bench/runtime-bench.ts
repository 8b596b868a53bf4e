import { probeThread } from '../machines';
import type { Runtime } from '../runtime/app';
import { PROBE_DEMO_TENANT_FILE } from '../test-support/test-runtime';
import { createDatabase } from '../runtime/db/database';
import { migrateAll } from '../runtime/db/migrate';
import { ThreadActor } from '../runtime/supervisor/thread-actor';
import { ThreadCell } from '../runtime/supervisor/thread-cell';
import probeInput from '../test-support/fixtures/probe-thread-input.json';
import { withBenchDatabase } from './bench-database';
import { startQuietRuntime } from './quiet-runtime';
import { round, summarize } from './stats';

const phone = (i: number) => `+2547${String(10_000_000 + i).padStart(8, '0')}`;

/** Closed loop: `threads` customers each send a message as soon as the previous one answered. */
export async function closedLoop(
  rt: Runtime,
  threads: number,
  seconds: number,
  offset: number,
): Promise<{ turnsPerSec: number; latencies: number[] }> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: threads }, async (_, i) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const acc = await rt.ingress.acceptMessage(
          {
            tenant: 'demo',
            from: phone(offset + i),
            channel: 'simulator',
            text: `hello ${n}`,
            source: 'bench',
          },
          { awaitReply: true },
        );
        const r = await acc.replies!;
        if (r.status !== 'ok') throw new Error(`turn ${r.status}`);
        latencies.push(performance.now() - t0);
        n++;
      }
    }),
  );
  return { turnsPerSec: n / seconds, latencies };
}

/** Open loop at a fixed rate: latency from ingress to the reply being ready (after commit). */
async function openLoop(
  rt: Runtime,
  rate: number,
  seconds: number,
  offset: number,
  threads: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const total = Math.floor(rate * seconds);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      (async () => {
        const t0 = performance.now();
        const acc = await rt.ingress.acceptMessage(
          {
            tenant: 'demo',
            from: phone(offset + (k % threads)),
            channel: 'simulator',
            text: `m ${k}`,
            source: 'bench',
          },
          { awaitReply: true },
        );
        await acc.replies;
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(inflight);
  return latencies;
}

/** The raw Postgres ceiling: one transaction per "turn" (journal insert + snapshot upsert). */
export async function rawCommits(
  url: string,
  concurrency: number,
  seconds: number,
): Promise<number> {
  const db = createDatabase({ connectionString: url, max: 10 });
  await db.query(
    `CREATE TABLE IF NOT EXISTS raw_journal (thread_key text, seq bigint, event jsonb, PRIMARY KEY (thread_key, seq))`,
  );
  await db.query(
    `CREATE TABLE IF NOT EXISTS raw_snapshots (thread_key text PRIMARY KEY, snapshot jsonb, seq bigint)`,
  );
  const snapshot = JSON.stringify(
    probeThread.machine.getInitialSnapshot(undefined as never, probeInput),
  );
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      let seq = 0;
      while (performance.now() < deadline) {
        seq++;
        await db.transaction(async (tx) => {
          await tx.query(`INSERT INTO raw_journal VALUES ($1, $2, $3)`, [
            `t${i}`,
            seq,
            '{"type":"message","text":"hello"}',
          ]);
          await tx.query(
            `INSERT INTO raw_snapshots VALUES ($1, $2, $3) ON CONFLICT (thread_key) DO UPDATE SET snapshot = EXCLUDED.snapshot, seq = EXCLUDED.seq`,
            [`t${i}`, snapshot, seq],
          );
        });
        n++;
      }
    }),
  );
  await db.close();
  return n / seconds;
}

/** Idle actors resident per GB of heap: the same cell + actor the supervisor keeps. */
function idleActorsPerGb(count: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const cells: ThreadCell[] = [];
  for (let i = 0; i < count; i++) {
    const cell = new ThreadCell('demo', `c:${i}`, i % 256);
    cell.actor = ThreadActor.create(probeThread, {
      tenant: 'demo',
      threadKey: cell.threadKey,
      kind: 'customer',
      customerId: i,
      timezone: 'Africa/Nairobi',
      settings: {},
    });
    cell.actor.run({ type: 'message', at: 1, channel: 'simulator', text: 'hello' } as never);
    cells.push(cell);
  }
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const perActor = (after - before) / count;
  for (const c of cells) c.discard();
  return Math.round(2 ** 30 / perActor);
}

export interface RuntimeBenchResult {
  concurrency: number;
  durableTurnsPerSec: number;
  rawCommitsPerSec: number;
  ratio: number;
  latencyAt70: { rate: number; p50Ms: number; p99Ms: number };
  idleActorsPerGb: number;
  rehydration: { p50Ms: number; p99Ms: number; samples: number };
  gcExposed: boolean;
}

export async function runRuntimeBench(opts: {
  seconds: number;
  concurrency: number;
}): Promise<RuntimeBenchResult> {
  return withBenchDatabase(async (url) => {
    const rt = await startQuietRuntime(url, {
      RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE,
      RATIBA_SHARDS: '256',
    });
    try {
      await closedLoop(rt, opts.concurrency, 2, 0); // warm-up: threads created, JIT warm
      const max = await closedLoop(rt, opts.concurrency, opts.seconds, 0);
      const rate = Math.max(1, Math.floor(max.turnsPerSec * 0.7));
      const lat = summarize(await openLoop(rt, rate, opts.seconds, 0, opts.concurrency * 4));
      // Rehydration: passivate everything, then the first turn of each thread restores it.
      await rt.supervisor.stop();
      const restoreSamples = await measureRehydration(rt, url, 1000);
      const raw = await rawCommits(url, opts.concurrency, opts.seconds);
      const rh = summarize(restoreSamples);
      return {
        concurrency: opts.concurrency,
        durableTurnsPerSec: round(max.turnsPerSec, 0),
        rawCommitsPerSec: round(raw, 0),
        ratio: round(max.turnsPerSec / raw, 2),
        latencyAt70: { rate, p50Ms: round(lat.p50), p99Ms: round(lat.p99) },
        idleActorsPerGb: idleActorsPerGb(20_000),
        rehydration: { p50Ms: round(rh.p50, 3), p99Ms: round(rh.p99, 3), samples: rh.n },
        gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      };
    } finally {
      await rt.stop();
    }
  });
}

/** Time to bring a passivated thread back: read its snapshot, upgrade, restore the actor. */
async function measureRehydration(rt: Runtime, url: string, samples: number): Promise<number[]> {
  void rt;
  const db = createDatabase({ connectionString: url, max: 1 });
  await migrateAll(db);
  const { rows } = await db.query<{ thread_key: string }>(
    `SELECT thread_key FROM t_demo.actor_snapshots LIMIT $1`,
    [samples],
  );
  const out: number[] = [];
  for (const { thread_key } of rows) {
    const t0 = performance.now();
    const r = await db.query<{ snapshot: unknown; schema_version: number; seq: number }>(
      `SELECT snapshot, schema_version, seq FROM t_demo.actor_snapshots WHERE thread_key = $1`,
      [thread_key],
    );
    const row = r.rows[0]!;
    const actor = ThreadActor.restore(
      probeThread,
      {
        tenant: 'demo',
        threadKey: thread_key,
        kind: 'customer',
        customerId: null,
        timezone: 'Africa/Nairobi',
        settings: {},
      },
      row.snapshot,
      row.seq,
    );
    out.push(performance.now() - t0);
    actor.stop();
  }
  await db.close();
  return out;
}
