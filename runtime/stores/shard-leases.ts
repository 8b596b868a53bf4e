import type { Queryable } from '../../contract';

/**
 * Shard leases in `public.shard_leases`. Expiry is measured in database time.
 *
 * Row locks: a turn's commit holds its lease rows FOR KEY SHARE from the fence to the commit.
 * Only a claim (it bumps the epoch) must conflict with that, and it does: it takes the rows FOR
 * UPDATE. A renewal or a release changes no epoch and takes FOR NO KEY UPDATE, which a commit in
 * flight does not block — on a busy machine a renewal queued behind commits took up to a second,
 * half a test lease, and a graceful handover waited for the leaver's commits before it could
 * release. Statements that lock several rows take them in shard order.
 */

/**
 * The commit fence, inside a turn's transaction: the epochs of the shards `owner` holds among
 * `shards`, their rows locked FOR KEY SHARE until the transaction ends, so no claim can bump an
 * epoch between this check and the commit (a claimer waits, or skips the row and retries).
 */
export async function fenceShards(
  q: Queryable,
  owner: string,
  shards: number[],
): Promise<Map<number, number>> {
  const { rows } = await q.query<{ shard: number; epoch: number }>(fenceSql(1, 2), [shards, owner]);
  return new Map(rows.map((r) => [r.shard, r.epoch]));
}

/**
 * The fence's SELECT (shard, epoch of the leases `$owner` holds among the int[] `$shards`, locked
 * FOR KEY SHARE), also the first part of the fused turn statement. Parameters by number.
 */
export function fenceSql(shards: number, owner: number): string {
  return `SELECT shard, epoch FROM public.shard_leases
     WHERE shard = ANY($${shards}::int[]) AND owner = $${owner} ORDER BY shard FOR KEY SHARE`;
}

/**
 * Claims shards for `owner`, bumping each epoch, after the commits in flight on them (FOR UPDATE
 * waits for their FOR KEY SHARE; the upsert alone would only take FOR NO KEY UPDATE, which does
 * not). Returns the new epochs.
 */
export async function claimShards(
  q: Queryable,
  owner: string,
  shards: number[],
  ttlMs: number,
): Promise<Map<number, number>> {
  if (shards.length === 0) return new Map();
  const { rows } = await q.query<{ shard: number; epoch: number }>(
    `WITH locked AS (
       SELECT shard FROM public.shard_leases WHERE shard = ANY($2::int[]) ORDER BY shard FOR UPDATE
     )
     INSERT INTO public.shard_leases AS l (shard, owner, epoch, expires_at, updated_at)
     SELECT s, $1, 1, now() + make_interval(secs => $3::double precision / 1000), now()
     FROM unnest($2::int[]) AS s
     WHERE (SELECT count(*) FROM locked) >= 0
     ON CONFLICT (shard) DO UPDATE SET owner = EXCLUDED.owner, epoch = l.epoch + 1,
       expires_at = EXCLUDED.expires_at, updated_at = now()
     RETURNING shard, epoch`,
    [owner, shards, ttlMs],
  );
  return new Map(rows.map((r) => [r.shard, r.epoch]));
}

/** Extends the leases still held at the given epochs; returns the shards that were renewed. */
export async function renewShards(
  q: Queryable,
  owner: string,
  held: Map<number, number>,
  ttlMs: number,
): Promise<Set<number>> {
  if (held.size === 0) return new Set();
  const { rows } = await q.query<{ shard: number }>(
    `WITH mine AS (
       SELECT l.shard FROM public.shard_leases l
       JOIN unnest($2::int[], $3::bigint[]) AS h(shard, epoch) ON l.shard = h.shard AND l.epoch = h.epoch
       WHERE l.owner = $1 ORDER BY l.shard FOR NO KEY UPDATE OF l
     )
     UPDATE public.shard_leases l SET expires_at = now() + make_interval(secs => $4::double precision / 1000), updated_at = now()
     FROM mine WHERE l.shard = mine.shard
     RETURNING l.shard`,
    [owner, [...held.keys()], [...held.values()], ttlMs],
  );
  return new Set(rows.map((r) => r.shard));
}

/**
 * Gives shards up at once (graceful shutdown, or the map moved them), so the next owner need not
 * wait for expiry. Does not wait for this process's commits in flight: they finish under the
 * epoch they checked, and the next owner's claim waits for them (it skips the rows meanwhile).
 */
export async function releaseShards(
  q: Queryable,
  owner: string,
  held: Map<number, number>,
): Promise<void> {
  if (held.size === 0) return;
  await q.query(
    `WITH mine AS (
       SELECT l.shard FROM public.shard_leases l
       JOIN unnest($2::int[], $3::bigint[]) AS h(shard, epoch) ON l.shard = h.shard AND l.epoch = h.epoch
       WHERE l.owner = $1 ORDER BY l.shard FOR NO KEY UPDATE OF l
     )
     UPDATE public.shard_leases l SET owner = NULL, expires_at = now(), updated_at = now()
     FROM mine WHERE l.shard = mine.shard`,
    [owner, [...held.keys()], [...held.values()]],
  );
}

/**
 * Claims, among `shards`, those that are free: never leased, released, expired (in database
 * time), or already leased to `owner` (a restart under the same name). Each claimed epoch is
 * bumped. A live owner's unexpired lease is left alone: the claimer waits for its release or its
 * expiry. Rows locked by a commit in flight (the fence's FOR KEY SHARE) are skipped and retried by
 * the caller, so a claim never queues behind a paused process's open transaction.
 */
export async function claimFreeShards(
  q: Queryable,
  owner: string,
  shards: number[],
  ttlMs: number,
): Promise<Map<number, number>> {
  if (shards.length === 0) return new Map();
  const { rows } = await q.query<{ shard: number; epoch: number }>(
    `WITH free AS (
       SELECT shard FROM public.shard_leases
       WHERE shard = ANY($2::int[])
         AND (owner IS NULL OR owner = $1 OR expires_at IS NULL OR expires_at <= now())
       FOR UPDATE SKIP LOCKED
     ), fresh AS (
       INSERT INTO public.shard_leases (shard, owner, epoch, expires_at, updated_at)
       SELECT s, $1, 1, now() + make_interval(secs => $3::double precision / 1000), now()
       FROM unnest($2::int[]) AS s
       ON CONFLICT (shard) DO NOTHING
       RETURNING shard, epoch
     ), taken AS (
       UPDATE public.shard_leases l SET owner = $1, epoch = l.epoch + 1,
         expires_at = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
       FROM free WHERE l.shard = free.shard
       RETURNING l.shard, l.epoch
     )
     SELECT shard, epoch FROM fresh UNION ALL SELECT shard, epoch FROM taken`,
    [owner, shards, ttlMs],
  );
  return new Map(rows.map((r) => [r.shard, r.epoch]));
}
