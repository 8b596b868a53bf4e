/**
 * Commission against the tenant's tables: the completed appointments of a month, the rules, and
 * the frozen periods. Closing a month writes one `close` row per staff member (a second close
 * is a no-op: the unique index on (staff, month) of 'close' rows); a correction is an
 * `amendment` row pointing at the period it corrects, the closed row is never changed.
 */
import {
  ident,
  type Queryable,
  queryOne,
  queryRows,
  type TenantSchema,
  type Transactional as Database,
} from '../../contract';
import {
  computeCommission,
  type CommissionAppointment,
  type CommissionRule,
  type StaffCommission,
} from './commission-engine';

const monthStart = (month: string) => `${month}-01`;

interface CompletedRow {
  id: string;
  staff_id: string;
  category: string;
  price_kes_minor: string;
  end_date: string;
}

interface RuleRow {
  id: string;
  staff_id: string | null;
  service_category: string | null;
  kind: CommissionRule['kind'];
  rate: string | null;
  tiers: { from_kes_minor: number; bps: number }[] | null;
  valid_from: string;
  valid_to: string | null;
}

/** Completed appointments that end in or around `month` (a day either side, for time zones). */
export async function loadCompleted(
  q: Queryable,
  schema: TenantSchema,
  timezone: string,
  month: string,
): Promise<CommissionAppointment[]> {
  const s = ident(schema);
  return queryRows(
    q,
    `SELECT a.id, a.staff_id, sv.category, a.price_kes_minor,
            to_char(COALESCE(a.actual_end_at, a.end_at) AT TIME ZONE $2, 'YYYY-MM-DD') AS end_date
     FROM ${s}.appointments a JOIN ${s}.services sv ON sv.id = a.service_id
     WHERE a.status = 'completed'
       AND COALESCE(a.actual_end_at, a.end_at) >= ($1::date - 1)
       AND COALESCE(a.actual_end_at, a.end_at) < ($1::date + interval '1 month' + interval '1 day')`,
    [monthStart(month), timezone],
    (r: CompletedRow) => ({
      id: Number(r.id),
      staffId: r.staff_id,
      serviceCategory: r.category,
      priceKesMinor: Number(r.price_kes_minor),
      endDate: r.end_date,
    }),
  );
}

export async function loadRules(q: Queryable, schema: TenantSchema): Promise<CommissionRule[]> {
  return queryRows(
    q,
    `SELECT id, staff_id, service_category, kind, rate, tiers,
            to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
     FROM ${ident(schema)}.commission_rules`,
    [],
    (r: RuleRow) => ({
      id: Number(r.id),
      staffId: r.staff_id,
      serviceCategory: r.service_category,
      kind: r.kind,
      rate: r.rate === null ? null : Number(r.rate),
      tiers: r.tiers?.map((t) => ({ fromKesMinor: t.from_kes_minor, bps: t.bps })) ?? null,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }),
  );
}

export async function commissionFor(
  q: Queryable,
  schema: TenantSchema,
  timezone: string,
  staffId: string,
  month: string,
): Promise<StaffCommission & { closed: boolean }> {
  const [appts, rules, closed] = await Promise.all([
    loadCompleted(q, schema, timezone, month),
    loadRules(q, schema),
    q.query(
      `SELECT 1 FROM ${ident(schema)}.commission_periods WHERE staff_id = $1 AND month = $2 AND kind = 'close'`,
      [staffId, monthStart(month)],
    ),
  ]);
  return { ...computeCommission(staffId, month, appts, rules), closed: (closed.rowCount ?? 0) > 0 };
}

/** Freezes `month` for every staff member; returns how many periods were newly closed. */
export async function closeMonth(
  db: Database,
  schema: TenantSchema,
  timezone: string,
  month: string,
  by: string | null,
): Promise<{ closed: number; total: number }> {
  const s = ident(schema);
  return db.transaction(async (tx) => {
    const [appts, rules, staff] = await Promise.all([
      loadCompleted(tx, schema, timezone, month),
      loadRules(tx, schema),
      tx.query<{ id: string }>(`SELECT id FROM ${s}.staff ORDER BY id`),
    ]);
    let closed = 0;
    for (const { id } of staff.rows) {
      const c = computeCommission(id, month, appts, rules);
      const r = await tx.query(
        `INSERT INTO ${s}.commission_periods (staff_id, month, kind, revenue_kes_minor,
           commission_kes_minor, appointments, detail, created_by)
         VALUES ($1, $2, 'close', $3, $4, $5, $6::jsonb, $7)
         ON CONFLICT (staff_id, month) WHERE kind = 'close' DO NOTHING`,
        [
          id,
          monthStart(month),
          c.revenueKesMinor,
          c.commissionKesMinor,
          c.appointments,
          JSON.stringify({ lines: c.lines }),
          by,
        ],
      );
      closed += r.rowCount ?? 0;
    }
    return { closed, total: staff.rows.length };
  });
}

/** A correction of a closed period: a new row; the closed one stays as it was. */
export async function amendPeriod(
  q: Queryable,
  schema: TenantSchema,
  periodId: number,
  commissionKesMinor: number,
  reason: string,
  by: string | null,
): Promise<number | undefined> {
  const periods = `${ident(schema)}.commission_periods`;
  return queryOne(
    q,
    `INSERT INTO ${periods} (staff_id, month, kind, amendment_of_id, revenue_kes_minor,
       commission_kes_minor, appointments, detail, reason, created_by)
     SELECT staff_id, month, 'amendment', id, revenue_kes_minor, $2, appointments, detail, $3, $4
     FROM ${periods} WHERE id = $1
     RETURNING id`,
    [periodId, commissionKesMinor, reason, by],
    (r: { id: string }) => Number(r.id),
  );
}
