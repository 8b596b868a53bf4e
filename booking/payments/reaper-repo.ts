/**
 * The payment reaper's runs: one row per tenant-local day, claimed by the effect that does the
 * work and finished with its report (the owner's next digest reads it). Its only writer.
 */
import type { PaymentReaperReport, Queryable } from '../../contract';
import { ident, type TenantSchema } from '../../contract';
import { toIsoInZone } from '../wall-clock';

/**
 * Claims the run of `runDate` for `claimKey`. True when it is ours: new, or claimed earlier by
 * the same key (a retry of the same effect) and not finished. False: another owner's thread ran
 * (or runs) it.
 */
export async function claimReaperRun(
  q: Queryable,
  schema: TenantSchema,
  run: { runDate: string; claimKey: string; now: number },
): Promise<boolean> {
  const s = ident(schema);
  const { rows } = await q.query<{ claim_key: string; finished: boolean }>(
    `WITH ins AS (
       INSERT INTO ${s}.payment_reaper_runs (run_date, claim_key, started_at)
       VALUES ($1::date, $2, $3) ON CONFLICT (run_date) DO NOTHING
       RETURNING claim_key, false AS finished)
     SELECT * FROM ins
     UNION ALL
     SELECT claim_key, finished_at IS NOT NULL AS finished FROM ${s}.payment_reaper_runs
     WHERE run_date = $1::date AND NOT EXISTS (SELECT 1 FROM ins)`,
    [run.runDate, run.claimKey, new Date(run.now)],
  );
  const r = rows[0];
  return r !== undefined && r.claim_key === run.claimKey && !r.finished;
}

export async function finishReaperRun(
  q: Queryable,
  schema: TenantSchema,
  run: { runDate: string; claimKey: string; now: number; report: PaymentReaperReport },
): Promise<void> {
  await q.query(
    `UPDATE ${ident(schema)}.payment_reaper_runs SET finished_at = $3, report = $4::jsonb
     WHERE run_date = $1::date AND claim_key = $2`,
    [run.runDate, run.claimKey, new Date(run.now), JSON.stringify(run.report)],
  );
}

/** The report of the latest run finished in (sinceMs, now]: what the digest says of the night. */
export async function lastReaperReport(
  q: Queryable,
  schema: TenantSchema,
  sinceMs: number,
): Promise<PaymentReaperReport | null> {
  const { rows } = await q.query<{ report: PaymentReaperReport }>(
    `SELECT report FROM ${ident(schema)}.payment_reaper_runs
     WHERE finished_at > $1 AND report IS NOT NULL ORDER BY run_date DESC LIMIT 1`,
    [new Date(sinceMs)],
  );
  return rows[0]?.report ?? null;
}

export interface ReleasedHold {
  appointmentId: number;
  customerId: number;
  threadKey: string | null;
  serviceId: string;
  serviceName: string;
  serviceNameSw: string | null;
  startMs: number;
  /** ISO 8601 with the tenant's offset. */
  start: string;
  language: 'en' | 'sw';
}

/** Who held the appointments a reaper released: to tell them, in their language. */
export async function releasedHolds(
  q: Queryable,
  schema: TenantSchema,
  appointmentIds: readonly number[],
  timezone: string,
): Promise<ReleasedHold[]> {
  if (appointmentIds.length === 0) return [];
  const s = ident(schema);
  const { rows } = await q.query<{
    id: string;
    customer_id: string;
    thread_key: string | null;
    service_id: string;
    name_en: string;
    name_sw: string | null;
    start_at: Date;
    lang: string | null;
  }>(
    `SELECT a.id, a.customer_id, a.thread_key, a.service_id, sv.name_en, sv.name_sw, a.start_at,
            COALESCE(c.language, snap.snapshot #>> '{context,lang}') AS lang
     FROM ${s}.appointments a
     JOIN ${s}.customers c ON c.id = a.customer_id
     JOIN ${s}.services sv ON sv.id = a.service_id
     LEFT JOIN ${s}.actor_snapshots snap ON snap.thread_key = a.thread_key
     WHERE a.id = ANY ($1::bigint[]) ORDER BY a.id`,
    [appointmentIds],
  );
  return rows.map((r) => ({
    appointmentId: Number(r.id),
    customerId: Number(r.customer_id),
    threadKey: r.thread_key,
    serviceId: r.service_id,
    serviceName: r.name_en,
    serviceNameSw: r.name_sw,
    startMs: r.start_at.getTime(),
    start: toIsoInZone(r.start_at.getTime(), timezone),
    language: r.lang === 'sw' ? 'sw' : 'en',
  }));
}
