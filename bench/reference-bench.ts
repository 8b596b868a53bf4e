/**
 * Ratiba against its two references, interleaved in one run on one bench database (this machine
 * is shared and absolute figures move 2-3x between minutes; only same-round ratios mean much):
 * - the seed-style peer (`reference/peer-seed-style.mjs`, stateless mode: per-turn hydration
 *   from Postgres, a Redis SETNX mutex per thread, journal insert + snapshot upsert per turn);
 * - the raw single-transaction ceiling: pgbench, 8 clients, one journal insert + one snapshot
 *   upsert per transaction (`reference/raw-ceiling-*.sql`).
 * Ratiba's figure is durable turns/s of the probe machine, closed loop (as `runtime-bench.ts`).
 * Copied from ../shared/bench so a clone runs it alone (see that README for the method).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROBE_DEMO_TENANT_FILE } from '../test-support/test-runtime';
import { withBenchDatabase } from './bench-database';
import { startQuietRuntime } from './quiet-runtime';
import { closedLoop } from './runtime-bench';
import { round } from './stats';
import { measureTurnCost, type TurnCost } from './turn-cost';

const run = promisify(execFile);
const DIR = join(import.meta.dirname, 'reference');
const ROOT = join(import.meta.dirname, '..');

/** The aims of issue #19: Ratiba's durable turns/s over each reference's. */
export const AIMS = { vsCeiling: 1.0, vsPeer: 2.5 } as const;

export interface ReferenceRound {
  ratiba: number;
  /** CPU per Ratiba turn in this round: the bench process (runtime and load) and Postgres. */
  cost: TurnCost;
  peer: number;
  ceiling: number;
  vsPeer: number;
  vsCeiling: number;
}

export interface ReferenceResult {
  concurrency: number;
  seconds: number;
  rounds: ReferenceRound[];
  /** Median of the rounds' ratios. */
  medianVsPeer: number;
  medianVsCeiling: number;
}

/** The peer in a child process; turns/s from its JSON line. */
async function peer(url: string, concurrency: number, seconds: number, guess: number) {
  const { stdout } = await run(process.execPath, [join(DIR, 'peer-seed-style.mjs'), 'stateless'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      // About `seconds` of work at the last round's rate.
      TURNS: String(Math.max(2000, Math.round(guess * seconds))),
      THREADS: String(concurrency * 8),
      CONC: String(concurrency),
      POOL: '16',
    },
    timeout: 300_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  return (JSON.parse(line) as { turnsPerSec: number }).turnsPerSec;
}

/** pgbench, 8 clients, `seconds`; transactions per second. */
async function ceiling(url: string, runNo: number, seconds: number): Promise<number> {
  await run('psql', [
    '-q',
    '-X',
    '-v',
    'ON_ERROR_STOP=1',
    '-f',
    join(DIR, 'raw-ceiling-setup.sql'),
    url,
  ]);
  const { stdout } = await run(
    'pgbench',
    [
      ...['-n', '-M', 'prepared', '-c', '8', '-j', '2', '-T', String(seconds)],
      ...['-f', join(DIR, 'raw-ceiling-single.sql'), '-D', 'seq=0', '-D', `run=${runNo}`],
      ...['-D', 'ev={"type":"message","text":"hello"}', '-D', 'snap={"value":"idle"}', url],
    ],
    { timeout: 300_000 },
  );
  const tps = /tps = ([\d.]+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps[1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function runReferenceBench(opts: {
  rounds: number;
  seconds: number;
  concurrency: number;
}): Promise<ReferenceResult> {
  return withBenchDatabase(async (url) => {
    const rt = await startQuietRuntime(url, {
      RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE,
      RATIBA_SHARDS: '256',
    });
    const rounds: ReferenceRound[] = [];
    try {
      await closedLoop(rt, opts.concurrency, 2, 0); // warm-up
      let guess = 2000;
      for (let r = 1; r <= opts.rounds; r++) {
        const { turns, ...cost } = await measureTurnCost(url, async () => {
          const loop = await closedLoop(rt, opts.concurrency, opts.seconds, 0);
          return loop.turnsPerSec * opts.seconds;
        });
        const ratiba = turns / opts.seconds;
        const p = await peer(url, opts.concurrency, opts.seconds, guess);
        guess = p;
        const c = await ceiling(url, r, opts.seconds);
        rounds.push({
          ratiba: round(ratiba, 0),
          cost,
          peer: round(p, 0),
          ceiling: round(c, 0),
          vsPeer: round(ratiba / p, 2),
          vsCeiling: round(ratiba / c, 2),
        });
      }
    } finally {
      await rt.stop();
    }
    return {
      concurrency: opts.concurrency,
      seconds: opts.seconds,
      rounds,
      medianVsPeer: median(rounds.map((r) => r.vsPeer)),
      medianVsCeiling: median(rounds.map((r) => r.vsCeiling)),
    };
  });
}
