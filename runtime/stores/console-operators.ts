import { ident, type Queryable, type TenantSchema } from '../../contract';
import type { Operator } from './console-assignments';

/** The only writer of `console_operators`: the operators who have used a tenant's console. */

/** Remembers (or refreshes) an operator of the tenant. */
export async function seeOperator(q: Queryable, schema: TenantSchema, op: Operator): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.console_operators (subject, name, last_seen_at)
     VALUES ($1, $2, now())
     ON CONFLICT (subject) DO UPDATE SET name = EXCLUDED.name, last_seen_at = now()`,
    [op.subject, op.name],
  );
}

/**
 * The tenant's known operators, by name: those seen in its console and anyone who ever held one
 * of its threads (claims from before this table).
 */
export async function listOperators(q: Queryable, schema: TenantSchema): Promise<Operator[]> {
  const s = ident(schema);
  const { rows } = await q.query<Operator>(
    `SELECT subject, name FROM ${s}.console_operators
     UNION
     SELECT assignee, assignee_name FROM ${s}.console_assignments
       WHERE assignee IS NOT NULL AND assignee_name IS NOT NULL
         AND assignee NOT IN (SELECT subject FROM ${s}.console_operators)
     ORDER BY name, subject`,
  );
  return rows;
}
