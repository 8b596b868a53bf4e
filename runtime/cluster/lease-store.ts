import type { Queryable } from '../db/queryable';

/**
 * Shard leases in `public.shard_leases`. Expiry is measured in database time. Every statement
 * that locks lease rows takes them in shard order, as the commit fence does (FOR SHARE ... ORDER
 * BY shard), so a renewal or release never deadlocks with a commit in flight.
 */

/** Claims shards for `owner`, bumping each epoch. Returns the new epochs. */
export async function claimShards(
  q: Queryable,
  owner: string,
  shards: number[],
  ttlMs: number,
): Promise<Map<number, number>> {
  if (shards.length === 0) return new Map();
  const { rows } = await q.query<{ shard: number; epoch: number }>(
    `INSERT INTO public.shard_leases AS l (shard, owner, epoch, expires_at, updated_at)
     SELECT s, $1, 1, now() + make_interval(secs => $3::double precision / 1000), now()
     FROM unnest($2::int[]) AS s
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
       WHERE l.owner = $1 ORDER BY l.shard FOR UPDATE OF l
     )
     UPDATE public.shard_leases l SET expires_at = now() + make_interval(secs => $4::double precision / 1000), updated_at = now()
     FROM mine WHERE l.shard = mine.shard
     RETURNING l.shard`,
    [owner, [...held.keys()], [...held.values()], ttlMs],
  );
  return new Set(rows.map((r) => r.shard));
}

/** Gives shards up at once (graceful shutdown), so the next owner need not wait for expiry. */
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
       WHERE l.owner = $1 ORDER BY l.shard FOR UPDATE OF l
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
 * expiry. Rows locked by a commit in flight (the fence's FOR SHARE) are skipped and retried by the
 * caller, so a claim never queues behind a paused process's open transaction.
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
