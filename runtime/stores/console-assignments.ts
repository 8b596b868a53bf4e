import { ident, type Queryable, queryOne, type TenantSchema } from '../../contract';

/** The only writer of `console_assignments`: who handles a thread, and its last resolution. */

export interface Operator {
  subject: string;
  name: string;
}

/**
 * Writes the thread's whole row: who holds it (since now, or nobody) and who resolved it (now,
 * or nobody). A claim or a release clears the resolution; a resolution releases the thread.
 */
async function writeAssignment(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  row: { assignee: Operator | null; resolvedBy: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.console_assignments
       (thread_key, assignee, assignee_name, assigned_at, resolved_at, resolved_by, updated_at)
     VALUES ($1, $2, $3, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END,
             CASE WHEN $4::text IS NULL THEN NULL ELSE now() END, $4, now())
     ON CONFLICT (thread_key) DO UPDATE SET
       assignee = EXCLUDED.assignee, assignee_name = EXCLUDED.assignee_name,
       assigned_at = EXCLUDED.assigned_at, resolved_at = EXCLUDED.resolved_at,
       resolved_by = EXCLUDED.resolved_by, updated_at = now()`,
    [threadKey, row.assignee?.subject ?? null, row.assignee?.name ?? null, row.resolvedBy],
  );
}

/** Claims the thread for `to`, or releases it (`null`). A new claim clears an old resolution. */
export const assignThread = (
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  to: Operator | null,
): Promise<void> => writeAssignment(q, schema, threadKey, { assignee: to, resolvedBy: null });

/** Marks the thread resolved by `by` and releases it. */
export const resolveThread = (
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  by: Operator,
): Promise<void> => writeAssignment(q, schema, threadKey, { assignee: null, resolvedBy: by.name });

/** Who holds the thread now (null when nobody). */
export async function assignmentOf(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
): Promise<Operator | null> {
  const holder = await queryOne(
    q,
    `SELECT assignee, assignee_name FROM ${ident(schema)}.console_assignments WHERE thread_key = $1`,
    [threadKey],
    (r: { assignee: string | null; assignee_name: string | null }) =>
      r.assignee ? { subject: r.assignee, name: r.assignee_name ?? r.assignee } : null,
  );
  return holder ?? null;
}
