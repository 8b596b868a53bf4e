/** Thread keys: `c:<customer id>` for a customer, `a:<customer id>` for an owner's admin thread. */
export type ThreadKind = 'customer' | 'admin';

export function threadKeyFor(kind: ThreadKind, customerId: number): string {
  return `${kind === 'customer' ? 'c' : 'a'}:${customerId}`;
}

export function threadKindOf(threadKey: string): ThreadKind {
  return threadKey.startsWith('a:') ? 'admin' : 'customer';
}

/** The customer id in a thread key, or null for a key of another shape. */
export function customerIdOf(threadKey: string): number | null {
  const m = /^[ca]:(\d+)$/.exec(threadKey);
  return m ? Number(m[1]) : null;
}

/** FNV-1a, 32 bit: stable across processes and versions, so every node computes the same map. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The virtual shard of a thread. */
export function shardOf(tenant: string, threadKey: string, shardCount: number): number {
  return fnv1a(`${tenant}/${threadKey}`) % shardCount;
}
