/**
 * Extra opening hours (the owner's "open extra hours"): on one date a staff member, or the whole
 * salon, works outside the normal week. The only writer of the tenant's `extra_hours` table;
 * availability adds the spans to the day's hours (`spansWithExtras`), holidays included: an
 * owner who opens on a closed day means it.
 */
import { ident, type Queryable, queryRows, type TenantSchema } from '../contract';
import type { ExtraHours, Span } from './types';
import { epochToWall, wallToEpoch } from './wall-clock';

/** Extra hours overlapping `window`. */
export async function loadExtraHours(
  q: Queryable,
  schema: TenantSchema,
  window: { fromMs: number; toMs: number },
): Promise<ExtraHours[]> {
  return queryRows(
    q,
    `SELECT staff_id, start_at, end_at FROM ${ident(schema)}.extra_hours
     WHERE end_at > $1 AND start_at < $2 ORDER BY start_at, id`,
    [new Date(window.fromMs), new Date(window.toMs)],
    (r: { staff_id: string | null; start_at: Date; end_at: Date }) => ({
      staffId: r.staff_id,
      startMs: r.start_at.getTime(),
      endMs: r.end_at.getTime(),
    }),
  );
}

/** Records extra hours; the same span for the same staff member twice is recorded once. */
export async function insertExtraHours(
  q: Queryable,
  schema: TenantSchema,
  row: ExtraHours & { reason: string | null; createdBy: string | null },
): Promise<void> {
  const s = ident(schema);
  await q.query(
    `INSERT INTO ${s}.extra_hours (staff_id, start_at, end_at, reason, created_by)
     SELECT $1, $2, $3, $4, $5
     WHERE NOT EXISTS (SELECT 1 FROM ${s}.extra_hours
       WHERE staff_id IS NOT DISTINCT FROM $1 AND start_at = $2 AND end_at = $3)`,
    [row.staffId, new Date(row.startMs), new Date(row.endMs), row.reason, row.createdBy],
  );
}

/**
 * A staff member's spans on `date`: their normal ones plus the extra hours (theirs and the
 * salon's) that fall on that date, merged where they touch or overlap, in time order.
 */
export function spansWithExtras(
  normal: readonly Span[],
  extras: readonly ExtraHours[] | undefined,
  staffId: string,
  date: string,
  timezone: string,
): Span[] {
  if (!extras || extras.length === 0) return [...normal];
  const dayStart = wallToEpoch(date, 0, timezone);
  const dayEnd = wallToEpoch(date, 24 * 60, timezone);
  const spans = [...normal];
  for (const x of extras) {
    if (x.staffId !== null && x.staffId !== staffId) continue;
    const from = Math.max(x.startMs, dayStart);
    const to = Math.min(x.endMs, dayEnd);
    if (to <= from) continue;
    const openMin = epochToWall(from, timezone).minutes;
    const closeMin = to === dayEnd ? 24 * 60 : epochToWall(to, timezone).minutes;
    if (closeMin > openMin) spans.push({ openMin, closeMin });
  }
  return merge(spans);
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.openMin - b.openMin);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.openMin <= last.closeMin) last.closeMin = Math.max(last.closeMin, s.closeMin);
    else out.push({ ...s });
  }
  return out;
}
