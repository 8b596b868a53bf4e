import { ident, type Queryable, type TenantSchema } from '../../contract';

/**
 * The only writer of `console_reads`: the newest turn (seq) each operator has seen of a thread.
 * The mark only moves forward, so a late request from an older tab cannot un-read a thread.
 */
export async function markRead(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  operator: string,
  seq: number,
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.console_reads (thread_key, operator, seq)
     VALUES ($1, $2, $3)
     ON CONFLICT (thread_key, operator) DO UPDATE SET
       seq = GREATEST(${ident(schema)}.console_reads.seq, EXCLUDED.seq), read_at = now()`,
    [threadKey, operator, seq],
  );
}
