import { fnv1a } from '../supervisor/thread-key';

/**
 * Rendezvous (highest random weight) hashing: each shard goes to the live member with the highest
 * `weight(member, shard)`. Every process computes the same map from the same member set, and a
 * member joining or leaving moves only the shards it gains or had — about 1/N of them.
 */

/** MurmurHash3's 32-bit finalizer: spreads FNV-1a's output so similar names weigh apart. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The weight of `member` for `shard`: a pure function of the two, the same in every process. */
export function rendezvousWeight(member: string, shard: number): number {
  return fmix32(fnv1a(`${member}\u0000${shard}`));
}

/** The owner of `shard` among `members` (undefined when there are none). Ties go to the lower name. */
export function ownerOf(shard: number, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const m of members) {
    const w = rendezvousWeight(m, shard);
    if (w > bestWeight || (w === bestWeight && best !== undefined && m < best)) {
      best = m;
      bestWeight = w;
    }
  }
  return best;
}

/** The whole map: `map[shard]` is the owner of that shard. */
export function shardMap(members: readonly string[], shardCount: number): (string | undefined)[] {
  return Array.from({ length: shardCount }, (_, shard) => ownerOf(shard, members));
}

/** The shards `member` owns among `members`. */
export function shardsOf(member: string, members: readonly string[], shardCount: number): number[] {
  const out: number[] = [];
  for (let shard = 0; shard < shardCount; shard++)
    if (ownerOf(shard, members) === member) out.push(shard);
  return out;
}
