import { probeThread } from '../machines';
import type { Runtime } from '../runtime/app';
import { PROBE_DEMO_TENANT_FILE } from '../test-support/test-runtime';
import { createDatabase } from '../runtime/db/database';
import { ThreadActor } from '../runtime/supervisor/thread-actor';
import { ThreadCell } from '../runtime/supervisor/thread-cell';
import probeInput from '../test-support/fixtures/probe-thread-input.json';
import { withQuietRuntime } from './quiet-runtime';
import { round, summarize } from './stats';

const phone = (i: number) => `+2547${String(10_000_000 + i).padStart(8, '0')}`;

/** One simulator message through the ingress, awaiting its turn's reply: true when answered ok. */
async function turn(rt: Runtime, from: string, text: string): Promise<boolean> {
  try {
    const acc = await rt.ingress.acceptMessage(
      { tenant: 'demo', from, channel: 'simulator', text, source: 'bench' },
      { awaitReply: true },
    );
    return (await acc.replies!).status === 'ok';
  } catch {
    return false;
  }
}

/**
 * Closed loop: `threads` customers each send a message as soon as the previous one answered.
 * Only answered turns count towards the rate; the others are counted as failed.
 */
export async function closedLoop(
  rt: Runtime,
  threads: number,
  seconds: number,
  offset: number,
): Promise<{ turnsPerSec: number; failed: number }> {
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: threads }, async (_, i) => {
      while (performance.now() < deadline) {
        if (await turn(rt, phone(offset + i), `hello ${n}`)) n++;
        else failed++;
      }
    }),
  );
  return { turnsPerSec: n / seconds, failed };
}

/**
 * Open loop at a fixed rate: latency from ingress to the reply being ready (after commit) of the
 * answered turns; the rate achieved (answered turns per second, first send to last answer) and
 * the failed ones beside it.
 */
async function openLoop(
  rt: Runtime,
  rate: number,
  seconds: number,
  offset: number,
  threads: number,
): Promise<{ latencies: number[]; failed: number; achievedPerSec: number }> {
  const latencies: number[] = [];
  let failed = 0;
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
        if (await turn(rt, phone(offset + (k % threads)), `m ${k}`))
          latencies.push(performance.now() - t0);
        else failed++;
      })(),
    );
  }
  await Promise.all(inflight);
  const elapsedSec = (performance.now() - start) / 1000;
  return { latencies, failed, achievedPerSec: latencies.length / elapsedSec };
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
  latencyAt70: { rate: number; achievedPerSec: number; p50Ms: number; p99Ms: number };
  /** Turns not answered ok: closed loop, open loop, rehydration phase. */
  failed: { closedLoop: number; openLoop: number; rehydration: number };
  idleActorsPerGb: number;
  /** In the supervisor's turn path (ratiba_rehydration_seconds), and the whole first turn. */
  rehydration: {
    p50Ms: number;
    p99Ms: number;
    samples: number;
    firstTurnP50Ms: number;
    firstTurnP99Ms: number;
  };
  gcExposed: boolean;
}

export async function runRuntimeBench(opts: {
  seconds: number;
  concurrency: number;
}): Promise<RuntimeBenchResult> {
  const env = {
    RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE,
    RATIBA_SHARDS: '256',
    // Idle actors are passivated after 2 s (the default is 5 min), for the rehydration phase.
    RATIBA_IDLE_PASSIVATE_MS: '2000',
  };
  return withQuietRuntime(env, async (rt, url) => {
    await closedLoop(rt, opts.concurrency, 2, 0); // warm-up: threads created, JIT warm
    const max = await closedLoop(rt, opts.concurrency, opts.seconds, 0);
    const rate = Math.max(1, Math.floor(max.turnsPerSec * 0.7));
    const open = await openLoop(rt, rate, opts.seconds, 0, opts.concurrency * 4);
    const lat = summarize(open.latencies);
    const rh = await measureRehydration(rt, opts.concurrency * 4);
    const raw = await rawCommits(url, opts.concurrency, opts.seconds);
    return {
      concurrency: opts.concurrency,
      durableTurnsPerSec: round(max.turnsPerSec, 0),
      rawCommitsPerSec: round(raw, 0),
      ratio: round(max.turnsPerSec / raw, 2),
      latencyAt70: {
        rate,
        achievedPerSec: round(open.achievedPerSec, 0),
        p50Ms: round(lat.p50),
        p99Ms: round(lat.p99),
      },
      failed: { closedLoop: max.failed, openLoop: open.failed, rehydration: rh.failed },
      idleActorsPerGb: idleActorsPerGb(20_000),
      rehydration: rh.result,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    };
  });
}

/**
 * Rehydration through the supervisor's own path: once the supervisor has passivated every idle
 * actor (ratiba_resident_actors at 0), each of `threads` customers sends a message; its turn
 * reads the thread's state, upgrades and restores the snapshot (ratiba_rehydration_seconds),
 * then runs and commits the turn (the first-turn latency).
 */
async function measureRehydration(rt: Runtime, threads: number) {
  const { registry } = rt.metrics;
  const read = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const deadline = Date.now() + 60_000;
  while ((await read('ratiba_resident_actors'))[0]?.value !== 0) {
    if (Date.now() > deadline) throw new Error('the supervisor did not passivate the idle actors');
    await new Promise((r) => setTimeout(r, 100));
  }
  rt.metrics.rehydrationSeconds.reset();
  const firstTurns: number[] = [];
  let failed = 0;
  for (let i = 0; i < threads; i++) {
    const t0 = performance.now();
    if (await turn(rt, phone(i), `back ${i}`)) firstTurns.push(performance.now() - t0);
    else failed++;
  }
  const values = await read('ratiba_rehydration_seconds');
  const quantile = (q: number) =>
    1000 * (values.find((v) => v.labels.quantile === q)?.value ?? Number.NaN);
  const count = (values as { metricName?: string; value: number }[]).find(
    (v) => v.metricName === 'ratiba_rehydration_seconds_count',
  )?.value;
  const ft = summarize(firstTurns);
  return {
    failed,
    result: {
      p50Ms: round(quantile(0.5), 3),
      p99Ms: round(quantile(0.99), 3),
      samples: count ?? 0,
      firstTurnP50Ms: round(ft.p50),
      firstTurnP99Ms: round(ft.p99),
    },
  };
}
