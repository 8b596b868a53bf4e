import type { Queryable } from '../db/queryable';

/** Shard leases in `public.shard_leases`. Expiry is measured in database time. */

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
    `UPDATE public.shard_leases l SET expires_at = now() + make_interval(secs => $4::double precision / 1000), updated_at = now()
     FROM unnest($2::int[], $3::bigint[]) AS h(shard, epoch)
     WHERE l.shard = h.shard AND l.epoch = h.epoch AND l.owner = $1
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
    `UPDATE public.shard_leases l SET owner = NULL, expires_at = now(), updated_at = now()
     FROM unnest($2::int[], $3::bigint[]) AS h(shard, epoch)
     WHERE l.shard = h.shard AND l.epoch = h.epoch AND l.owner = $1`,
    [owner, [...held.keys()], [...held.values()]],
  );
}
