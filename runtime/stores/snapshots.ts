import { ident, type Queryable, type TenantSchema } from '../../contract';

/** What rehydrating a thread's actor needs: its row and its last committed snapshot, if any. */
export interface ThreadState {
  kind: 'customer' | 'admin';
  customerId: number | null;
  lastChannel: string | null;
  machine: string | null;
  schemaVersion: number | null;
  snapshot: unknown;
  seq: number | null;
}

/** The states of `threadKeys` (undefined for a thread with no row yet), in one query. */
export async function loadThreadStates(
  q: Queryable,
  schema: TenantSchema,
  threadKeys: readonly string[],
): Promise<(ThreadState | undefined)[]> {
  const s = ident(schema);
  const { rows } = await q.query<{
    thread_key: string;
    kind: 'customer' | 'admin';
    customer_id: number | null;
    last_channel: string | null;
    machine: string | null;
    schema_version: number | null;
    snapshot: unknown;
    seq: number | null;
  }>(
    `SELECT t.thread_key, t.kind, t.customer_id, t.last_channel, a.machine, a.schema_version,
       a.snapshot, a.seq
     FROM ${s}.threads t LEFT JOIN ${s}.actor_snapshots a ON a.thread_key = t.thread_key
     WHERE t.thread_key = ANY($1::text[])`,
    [[...new Set(threadKeys)]],
  );
  const byKey = new Map(rows.map((r) => [r.thread_key, r]));
  return threadKeys.map((k) => {
    const r = byKey.get(k);
    return r
      ? {
          kind: r.kind,
          customerId: r.customer_id,
          lastChannel: r.last_channel,
          machine: r.machine,
          schemaVersion: r.schema_version,
          snapshot: r.snapshot,
          seq: r.seq,
        }
      : undefined;
  });
}
