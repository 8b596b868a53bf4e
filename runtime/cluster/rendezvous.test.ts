import { describe, expect, it } from 'vitest';
import { ownerOf, rendezvousWeight, shardMap, shardsOf } from './rendezvous';

const SHARDS = 256;
const nodes = (n: number) => Array.from({ length: n }, (_, i) => `node-${i + 1}`);

describe('rendezvous shard map', () => {
  it('is the same whatever order the members are listed in', () => {
    const a = shardMap(['b', 'a', 'c'], SHARDS);
    const b = shardMap(['c', 'b', 'a'], SHARDS);
    expect(a).toEqual(b);
  });

  it('is a pure function of names (pinned values: every process and version agrees)', () => {
    // If these change, a rolling deploy would run two different maps at once.
    expect(rendezvousWeight('node-1', 0)).toBe(3530743590);
    expect(rendezvousWeight('a', 255)).toBe(2042025002);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((s) => ownerOf(s, nodes(3)))).toEqual([
      'node-1',
      'node-3',
      'node-2',
      'node-1',
      'node-1',
      'node-1',
      'node-1',
      'node-3',
    ]);
  });

  it('spreads shards evenly enough', () => {
    for (const n of [2, 3, 4, 5]) {
      const counts = nodes(n).map((m) => shardsOf(m, nodes(n), SHARDS).length);
      expect(counts.reduce((x, y) => x + y, 0)).toBe(SHARDS);
      for (const c of counts) expect(Math.abs(c - SHARDS / n)).toBeLessThan((SHARDS / n) * 0.35);
    }
  });

  it('a joining member takes only its share, and only from others (nothing moves between them)', () => {
    for (const n of [1, 2, 3, 6]) {
      const before = shardMap(nodes(n), SHARDS);
      const joiner = `node-${n + 1}`;
      const after = shardMap([...nodes(n), joiner], SHARDS);
      let moved = 0;
      for (let s = 0; s < SHARDS; s++) {
        if (before[s] === after[s]) continue;
        expect(after[s]).toBe(joiner);
        moved++;
      }
      expect(moved).toBeGreaterThan((SHARDS / (n + 1)) * 0.6);
      expect(moved).toBeLessThan((SHARDS / (n + 1)) * 1.4);
    }
  });

  it("a leaving member's shards move, and no other shard does", () => {
    const all = nodes(4);
    const before = shardMap(all, SHARDS);
    const after = shardMap(
      all.filter((m) => m !== 'node-2'),
      SHARDS,
    );
    for (let s = 0; s < SHARDS; s++) {
      if (before[s] === 'node-2') expect(after[s]).not.toBe('node-2');
      else expect(after[s]).toBe(before[s]);
    }
  });

  it('has no owner without members', () => {
    expect(ownerOf(3, [])).toBeUndefined();
  });
});
