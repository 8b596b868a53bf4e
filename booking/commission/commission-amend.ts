/**
 * Amending a closed commission period: a new `amendment` row pointing at the period's `close`
 * row, carrying the new total and the change (`detail.delta_kes_minor`, the note as `reason`).
 * The closed row never changes; the latest row of a period is what it pays. The same amendment
 * (same period, amount and note) is recorded once (unique index, migration 022).
 */
import { firstRow, ident, type Queryable, queryOne, type TenantSchema } from '../../contract';

export interface ClosedPeriod {
  closeId: number;
  /** What the period pays now: the latest amendment's total, else the closed one. */
  commissionKesMinor: number;
  amendments: { id: number; deltaKesMinor: number | null; note: string | null }[];
}

/** The closed period of a staff member's month with its amendments; undefined when not closed. */
export async function periodOf(
  q: Queryable,
  schema: TenantSchema,
  staffId: string,
  month: string,
  lock = false,
): Promise<ClosedPeriod | undefined> {
  const s = ident(schema);
  const c = await firstRow<{ id: string; commission_kes_minor: string }>(
    q,
    `SELECT id, commission_kes_minor FROM ${s}.commission_periods
     WHERE staff_id = $1 AND month = $2 AND kind = 'close'${lock ? ' FOR UPDATE' : ''}`,
    [staffId, `${month}-01`],
  );
  if (!c) return undefined;
  const { rows } = await q.query<{
    id: string;
    commission_kes_minor: string;
    delta: string | null;
    reason: string | null;
  }>(
    `SELECT id, commission_kes_minor, detail ->> 'delta_kes_minor' AS delta, reason
     FROM ${s}.commission_periods WHERE amendment_of_id = $1 ORDER BY id`,
    [c.id],
  );
  return {
    closeId: Number(c.id),
    commissionKesMinor: Number(rows.at(-1)?.commission_kes_minor ?? c.commission_kes_minor),
    amendments: rows.map((r) => ({
      id: Number(r.id),
      deltaKesMinor: r.delta === null ? null : Number(r.delta),
      note: r.reason,
    })),
  };
}

/**
 * Adds `deltaKesMinor` to a closed period (run inside a transaction: the close row is locked so
 * two amendments do not both start from the same total). Undefined when the month is not
 * closed or this very amendment is already recorded.
 */
export async function amendClosed(
  tx: Queryable,
  schema: TenantSchema,
  a: { staffId: string; month: string; deltaKesMinor: number; note: string; by: string | null },
): Promise<{ id: number; before: number; after: number } | undefined> {
  const period = await periodOf(tx, schema, a.staffId, a.month, true);
  if (!period) return undefined;
  const after = period.commissionKesMinor + a.deltaKesMinor;
  const id = await queryOne(
    tx,
    `INSERT INTO ${ident(schema)}.commission_periods (staff_id, month, kind, amendment_of_id,
       revenue_kes_minor, commission_kes_minor, appointments, detail, reason, created_by)
     SELECT staff_id, month, 'amendment', id, revenue_kes_minor, $2, appointments,
       jsonb_build_object('delta_kes_minor', $3::bigint::text), $4, $5
     FROM ${ident(schema)}.commission_periods WHERE id = $1
     ON CONFLICT DO NOTHING RETURNING id`,
    [period.closeId, after, a.deltaKesMinor, a.note, a.by],
    (r: { id: string }) => Number(r.id),
  );
  return id === undefined ? undefined : { id, before: period.commissionKesMinor, after };
}
