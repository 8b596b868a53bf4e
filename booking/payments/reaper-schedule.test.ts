import { describe, expect, it } from 'vitest';
import { customerNoticeAt, nextReaperAt, reaperRunDate } from './reaper-schedule';

const TZ = 'Africa/Nairobi';
const at = (iso: string) => Date.parse(iso);

describe('the reaper schedule', () => {
  it('runs at 03:00 tenant time, the next one strictly later', () => {
    expect(nextReaperAt(at('2026-11-18T10:00:00+03:00'), TZ)).toBe(at('2026-11-19T03:00:00+03:00'));
    expect(nextReaperAt(at('2026-11-18T02:59:00+03:00'), TZ)).toBe(at('2026-11-18T03:00:00+03:00'));
    expect(nextReaperAt(at('2026-11-18T03:00:00+03:00'), TZ)).toBe(at('2026-11-19T03:00:00+03:00'));
  });

  it('names the run by the local date (00:30 UTC is already the next day in Nairobi)', () => {
    expect(reaperRunDate(at('2026-11-18T00:30:00Z'), TZ)).toBe('2026-11-18');
    expect(reaperRunDate(at('2026-11-17T21:30:00Z'), TZ)).toBe('2026-11-18');
  });

  it('tells customers at 08:00 at the earliest, never in the night', () => {
    expect(customerNoticeAt(at('2026-11-18T03:00:00+03:00'), TZ)).toBe(
      at('2026-11-18T08:00:00+03:00'),
    );
    expect(customerNoticeAt(at('2026-11-18T09:15:00+03:00'), TZ)).toBe(
      at('2026-11-18T09:15:00+03:00'),
    );
  });
});
