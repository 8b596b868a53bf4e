import type { Database } from '../runtime/db/database';

/** The shard lease table as the fault tests read and hold it. */

/** The current lease of each shard: epoch, when it was taken and when it expires (database time, ms). */
export async function leasesOf(
  db: Database,
  shards: number[],
): Promise<
  Map<number, { owner: string | null; epoch: number; takenAtMs: number; expiresAtMs: number }>
> {
  const { rows } = await db.query<{
    shard: number;
    owner: string | null;
    epoch: number;
    taken_ms: number;
    expires_ms: number;
  }>(
    `SELECT shard, owner, epoch, extract(epoch FROM updated_at) * 1000 AS taken_ms,
       extract(epoch FROM expires_at) * 1000 AS expires_ms
     FROM public.shard_leases WHERE shard = ANY($1::int[])`,
    [shards],
  );
  return new Map(
    rows.map((r) => [
      r.shard,
      {
        owner: r.owner,
        epoch: r.epoch,
        takenAtMs: Number(r.taken_ms),
        expiresAtMs: Number(r.expires_ms),
      },
    ]),
  );
}

/**
 * Holds `public.shard_leases` in SHARE mode until `release()`: every renewal, claim and release
 * (they update rows) waits, while a turn's commit fence (`SELECT ... FOR KEY SHARE`, a
 * RowShareLock) goes through. A process that wakes from a pause meanwhile cannot learn from its
 * renewal that its leases are gone, so the turns it runs meet the fence: the stale-epoch refusal,
 * created on purpose instead of hoped for.
 */
export async function freezeLeases(db: Database): Promise<{ release(): Promise<void> }> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '20s'`);
    await client.query('LOCK TABLE public.shard_leases IN SHARE MODE');
  } catch (err) {
    client.release(true);
    throw err;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    },
  };
}
