/**
 * When the payment reaper runs (ADR-0007: 03:00 tenant time, after the day's last bookings and
 * before the morning digest) and when what it found may be told to a customer (not in the night).
 */
import { nextDigestAt } from '../admin/digest';
import { epochToWall, parseMinutes, wallToEpoch } from '../wall-clock';

export const REAPER_TIME = '03:00';
/** Customers hear about a released hold from this local time on, never in the night. */
export const CUSTOMER_NOTICE_TIME = '08:00';

/** The next reaper instant strictly after `now`. */
export function nextReaperAt(now: number, timezone: string): number {
  return nextDigestAt(now, timezone, REAPER_TIME);
}

/** The tenant-local date a run at `now` is for (one run per date). */
export function reaperRunDate(now: number, timezone: string): string {
  return epochToWall(now, timezone).date;
}

/** `now`, or today's 08:00 when it is earlier in the day. */
export function customerNoticeAt(now: number, timezone: string): number {
  const at = wallToEpoch(
    epochToWall(now, timezone).date,
    parseMinutes(CUSTOMER_NOTICE_TIME),
    timezone,
  );
  return Math.max(now, at);
}
