import type { CalendarBlock, CalendarHoliday } from '../../contract';
import { ident, type Queryable, type TenantSchema } from '../../contract';
import { hasTables } from './booking-queries';

/**
 * What the calendar shades besides opening hours: holidays (whole days, in the tenant's calendar)
 * and blocks (time off) overlapping [fromMs, toMs).
 */
export async function listClosures(
  q: Queryable,
  schema: TenantSchema,
  fromMs: number,
  toMs: number,
  timezone: string,
): Promise<{ holidays: CalendarHoliday[]; blocks: CalendarBlock[] }> {
  if (!(await hasTables(q, schema, ['holidays', 'blocks']))) return { holidays: [], blocks: [] };
  const s = ident(schema);
  const holidays = await q.query<{ day: string; name: string | null }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM ${s}.holidays
     WHERE day >= (to_timestamp($1::double precision / 1000) AT TIME ZONE $3)::date
       AND day <= (to_timestamp($2::double precision / 1000) AT TIME ZONE $3)::date
     ORDER BY day`,
    [fromMs, toMs, timezone],
  );
  const blocks = await q.query<{
    staff_id: string | null;
    start_ms: string;
    end_ms: string;
    reason: string | null;
  }>(
    `SELECT staff_id, (extract(epoch FROM start_at) * 1000)::bigint AS start_ms,
            (extract(epoch FROM end_at) * 1000)::bigint AS end_ms, reason
     FROM ${s}.blocks
     WHERE start_at < to_timestamp($2::double precision / 1000)
       AND end_at > to_timestamp($1::double precision / 1000)
     ORDER BY start_at LIMIT 1000`,
    [fromMs, toMs],
  );
  return {
    holidays: holidays.rows,
    blocks: blocks.rows.map((b) => ({
      staffId: b.staff_id,
      start: Number(b.start_ms),
      end: Number(b.end_ms),
      reason: b.reason,
    })),
  };
}
