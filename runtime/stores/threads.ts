/**
 * The `threads` table: one row per conversation thread (its kind, customer and shard), created by
 * the first event addressed to it and touched by every later one. The only module that writes it;
 * the ingress batch's statement takes its SQL from `upsertThreadsSql`.
 */
import { ident, type Queryable, type TenantSchema } from '../../contract';
import { jsonRows, recordset } from '../db/bulk';

/**
 * `INSERT INTO <schema>.threads ... <select> ON CONFLICT DO UPDATE`: `select` yields thread_key,
 * kind, customer_id, shard, last_channel (null keeps the channel on record). `s` is quoted.
 */
export function upsertThreadsSql(s: string, select: string): string {
  return `INSERT INTO ${s}.threads (thread_key, kind, customer_id, shard, last_channel)
    ${select}
    ON CONFLICT (thread_key) DO UPDATE SET last_event_at = now(),
      last_channel = COALESCE(EXCLUDED.last_channel, ${s}.threads.last_channel)`;
}

export interface ThreadRow {
  threadKey: string;
  kind: 'customer' | 'admin';
  customerId: number | null;
  shard: number;
}

const THREAD_COLUMNS = {
  thread_key: 'text',
  kind: 'text',
  customer_id: 'bigint',
  shard: 'int',
} as const;

/** Creates the threads that do not exist yet and touches the others (an event is on its way). */
export async function touchThreads(
  q: Queryable,
  schema: TenantSchema,
  threads: readonly ThreadRow[],
): Promise<void> {
  if (threads.length === 0) return;
  await q.query(
    upsertThreadsSql(
      ident(schema),
      `SELECT DISTINCT ON (thread_key) thread_key, kind, customer_id, shard, NULL::text
       FROM ${recordset(THREAD_COLUMNS)} ORDER BY thread_key`,
    ),
    [
      jsonRows(
        threads.map((t) => ({
          thread_key: t.threadKey,
          kind: t.kind,
          customer_id: t.customerId,
          shard: t.shard,
        })),
      ),
    ],
  );
}
