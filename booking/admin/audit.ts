/** The admin audit trail: one row per admin action (who, which number, what, before/after). */
import { ident, type Queryable, queryRows, type TenantSchema } from '../../contract';

export interface AuditEntry {
  adminPhone: string | null;
  threadKey: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export async function writeAudit(q: Queryable, schema: TenantSchema, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.admin_audit (admin_phone, thread_key, action, target, before, after)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [
      e.adminPhone,
      e.threadKey,
      e.action,
      e.target,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}

export interface AuditRow {
  id: number;
  adminPhone: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  at: string;
}

interface AuditTableRow {
  id: string;
  admin_phone: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  created_at: Date;
}

/** The newest entries first (the console's audit view). */
export async function listAudit(
  q: Queryable,
  schema: TenantSchema,
  limit = 100,
): Promise<AuditRow[]> {
  return queryRows(
    q,
    `SELECT id, admin_phone, action, target, before, after, created_at
     FROM ${ident(schema)}.admin_audit ORDER BY id DESC LIMIT $1`,
    [Math.min(Math.max(1, limit), 500)],
    (r: AuditTableRow) => ({
      id: Number(r.id),
      adminPhone: r.admin_phone,
      action: r.action,
      target: r.target,
      before: r.before,
      after: r.after,
      at: r.created_at.toISOString(),
    }),
  );
}
