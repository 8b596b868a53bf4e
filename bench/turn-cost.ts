import { readFile } from 'node:fs/promises';
import pg from 'pg';

/**
 * CPU spent per durable turn, by the runtime's process and by the Postgres backends of the bench
 * database (from /proc, Linux only): unlike turns/s, these barely move with the load other
 * processes put on the machine, so old and new code compare on a shared machine too.
 */
export interface TurnCost {
  nodeCpuMsPerTurn: number;
  /** null where /proc is not readable (not Linux). */
  postgresCpuMsPerTurn: number | null;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of the backends connected to the database of `url`, in ms. */
async function backendCpuMs(admin: pg.Client): Promise<number | null> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state is the 3rd, utime the 14th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks * TICK_MS;
}

/**
 * Runs `work` (it returns how many turns it made) and reports the CPU per turn. Backends that
 * connect during `work` count from zero; ones that leave are not counted (the runtime's pools
 * keep theirs).
 */
export async function measureTurnCost(
  url: string,
  work: () => Promise<number>,
): Promise<TurnCost & { turns: number }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const pgBefore = await backendCpuMs(admin);
    const nodeBefore = process.cpuUsage();
    const turns = await work();
    const node = process.cpuUsage(nodeBefore);
    const pgAfter = await backendCpuMs(admin);
    const per = (ms: number) => Math.round((ms / Math.max(1, turns)) * 1000) / 1000;
    return {
      turns,
      nodeCpuMsPerTurn: per((node.user + node.system) / 1000),
      postgresCpuMsPerTurn: pgBefore === null || pgAfter === null ? null : per(pgAfter - pgBefore),
    };
  } finally {
    await admin.end();
  }
}
