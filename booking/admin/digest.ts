/**
 * The owner's daily digest: today's bookings per staff member, yesterday's takings and
 * no-shows. Sent at a local time of the tenant's choosing (`digest.time` in the tenant file's
 * settings, default 07:00); closed days (no opening hours, or a holiday) are skipped.
 */
import type { AdminCallKinds } from '../../contract';
import { addDays, epochToWall, parseMinutes, wallToEpoch } from '../wall-clock';
import { lastReaperReport } from '../payments/reaper-repo';
import { appointmentsIn, rangeOf, takingsOf } from './admin-appointments';
import { freshCatalog, type AdminScope } from './admin-scope';

export const DEFAULT_DIGEST_TIME = '07:00';

export function digestTime(settings: Record<string, unknown>): string {
  const d = settings.digest as { time?: unknown } | undefined;
  return typeof d?.time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(d.time)
    ? d.time
    : DEFAULT_DIGEST_TIME;
}

/** The next digest instant strictly after `now`. */
export function nextDigestAt(now: number, timezone: string, time: string): number {
  const today = epochToWall(now, timezone).date;
  const at = wallToEpoch(today, parseMinutes(time), timezone);
  return at > now ? at : wallToEpoch(addDays(today, 1), parseMinutes(time), timezone);
}

export async function digestFor(
  scope: AdminScope,
): Promise<AdminCallKinds['admin.digest']['result']> {
  const tz = scope.tenant.timezone;
  const { date, weekday } = epochToWall(scope.now, tz);
  const yesterday = addDays(date, -1);
  const catalog = await freshCatalog(scope);
  const closed =
    (catalog.hours[weekday] ?? []).length === 0 || catalog.holidays.some((h) => h.date === date);
  const [today, takings, night] = await Promise.all([
    appointmentsIn(scope.db, scope.schema, tz, rangeOf(date, tz), { activeOnly: true }),
    takingsOf(scope.db, scope.schema, rangeOf(yesterday, tz)),
    // The reaper's run of the last 24 hours (03:00 today, before a 07:00 digest).
    lastReaperReport(scope.db, scope.schema, scope.now - 24 * 3600_000),
  ]);
  const perStaff = catalog.staff
    .filter((s) => s.active)
    .map((s) => {
      const mine = today.filter((a) => a.staffId === s.id);
      return { staffName: s.name, count: mine.length, first: mine[0]?.start.slice(11, 16) ?? null };
    });
  return {
    skip: closed,
    data: {
      date,
      perStaff,
      total: today.length,
      yesterdayTakingsKesMinor: takings.totalKesMinor,
      ...(takings.mpesaKesMinor > 0 ? { yesterdayMpesaKesMinor: takings.mpesaKesMinor } : {}),
      noShowsYesterday: takings.noShows,
      ...(night ? { overnight: night } : {}),
    },
    nextAt: nextDigestAt(scope.now + 60_000, tz, digestTime(scope.tenant.settings)),
  };
}
