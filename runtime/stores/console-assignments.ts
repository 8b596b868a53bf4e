import { ident, type Queryable, type TenantSchema } from '../../contract';

/** The only writer of `console_assignments`: who handles a thread, and its last resolution. */

export interface Operator {
  subject: string;
  name: string;
}

/** Claims the thread for `to`, or releases it (`null`). A new claim clears an old resolution. */
export async function assignThread(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  to: Operator | null,
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.console_assignments
       (thread_key, assignee, assignee_name, assigned_at, resolved_at, resolved_by, updated_at)
     VALUES ($1, $2, $3, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, NULL, NULL, now())
     ON CONFLICT (thread_key) DO UPDATE SET
       assignee = EXCLUDED.assignee, assignee_name = EXCLUDED.assignee_name,
       assigned_at = EXCLUDED.assigned_at, resolved_at = NULL, resolved_by = NULL,
       updated_at = now()`,
    [threadKey, to?.subject ?? null, to?.name ?? null],
  );
}

/** Marks the thread resolved by `by` and releases it. */
export async function resolveThread(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  by: Operator,
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.console_assignments
       (thread_key, assignee, assignee_name, assigned_at, resolved_at, resolved_by, updated_at)
     VALUES ($1, NULL, NULL, NULL, now(), $2, now())
     ON CONFLICT (thread_key) DO UPDATE SET
       assignee = NULL, assignee_name = NULL, assigned_at = NULL,
       resolved_at = now(), resolved_by = EXCLUDED.resolved_by, updated_at = now()`,
    [threadKey, by.name],
  );
}

/** Who holds the thread now (null when nobody). */
export async function assignmentOf(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
): Promise<Operator | null> {
  const { rows } = await q.query<{ assignee: string | null; assignee_name: string | null }>(
    `SELECT assignee, assignee_name FROM ${ident(schema)}.console_assignments WHERE thread_key = $1`,
    [threadKey],
  );
  const r = rows[0];
  return r?.assignee ? { subject: r.assignee, name: r.assignee_name ?? r.assignee } : null;
}
