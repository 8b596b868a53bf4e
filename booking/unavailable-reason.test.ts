import { describe, expect, it } from 'vitest';
import { findSlots, type SlotSearch } from './availability';
import type { BusyInterval, Catalog } from './types';
import { TEST_POLICY, testService, testStaff } from './testing/catalog-kit';
import { unavailableReason } from './unavailable-reason';

// Monday 2026-03-02, 07:00 in Nairobi. The salon opens 08:00-19:00 on weekdays, 09:00-18:00 on
// Saturdays, never on Sundays; Friday 2026-03-06 is a named holiday.
const NOW = Date.parse('2026-03-02T07:00:00+03:00');
const MON = '2026-03-02';
const TUE = '2026-03-03';
const FRI = '2026-03-06';
const SAT = '2026-03-07';
const SUN = '2026-03-08';

const span = (open: number, close: number) => ({ openMin: open * 60, closeMin: close * 60 });
const CATALOG: Catalog = {
  timezone: 'Africa/Nairobi',
  policy: TEST_POLICY,
  services: [testService('haircut', 30)],
  staff: [testStaff('wanjiku', ['haircut'])],
  hours: {
    mon: [span(8, 19)],
    tue: [span(8, 19)],
    wed: [span(8, 19)],
    thu: [span(8, 19)],
    fri: [span(8, 19)],
    sat: [span(9, 18)],
  },
  holidays: [{ date: FRI, name: 'Founders Day' }],
  blocks: [],
};

const busy = (date: string, from: string, to: string): BusyInterval => ({
  staffId: 'wanjiku',
  startMs: Date.parse(`${date}T${from}:00+03:00`),
  endMs: Date.parse(`${date}T${to}:00+03:00`),
});

/** The search as the booking call runs it, and the reason it gives for what it did not find. */
function why(s: Partial<SlotSearch>, taken: BusyInterval[] = [], now = NOW) {
  const search: SlotSearch = { serviceId: 'haircut', staffId: null, now, ...s };
  return unavailableReason(CATALOG, taken, search, findSlots(CATALOG, taken, search));
}

describe('why the asked day or time is not on offer', () => {
  it('says nothing when it is on offer, or when no day was asked', () => {
    expect(why({ date: TUE, time: '11:00' })).toBeUndefined();
    expect(why({ date: TUE })).toBeUndefined();
    expect(why({ time: '11:00' })).toBeUndefined();
  });

  it('names the holiday', () => {
    expect(why({ date: FRI, time: '11:00' })).toEqual({
      reason: 'holiday',
      holiday: 'Founders Day',
    });
    expect(why({ date: FRI })).toEqual({ reason: 'holiday', holiday: 'Founders Day' });
  });

  it('a day the salon does not open is closed', () => {
    expect(why({ date: SUN, time: '11:00' })).toEqual({ reason: 'closed' });
    expect(why({ date: SUN, partOfDay: 'morning' })).toEqual({ reason: 'closed' });
  });

  it('a time after closing, or an evening on a day that closes at 18:00, is outside the hours', () => {
    expect(why({ date: TUE, time: '20:00' })).toEqual({ reason: 'outside_hours' });
    expect(why({ date: SAT, time: '07:30' })).toEqual({ reason: 'outside_hours' });
    expect(why({ date: SAT, partOfDay: 'night' })).toEqual({ reason: 'outside_hours' });
  });

  it('a time inside the lead time is too soon', () => {
    // 07:00 now, one hour's lead time: 08:00 is fine, 07:45 is not open yet anyway.
    expect(why({ date: MON, time: '08:00' })).toBeUndefined();
    const late = Date.parse(`${MON}T17:40:00+03:00`);
    expect(why({ date: MON, time: '18:00' }, [], late)).toEqual({ reason: 'too_soon' });
    expect(why({ date: MON, partOfDay: 'evening' }, [], late)).toEqual({ reason: 'too_soon' });
  });

  it('a time someone else has is taken; a full day is taken', () => {
    expect(why({ date: TUE, time: '11:00' }, [busy(TUE, '10:50', '11:40')])).toEqual({
      reason: 'taken',
    });
    expect(why({ date: TUE }, [busy(TUE, '08:00', '19:00')])).toEqual({ reason: 'taken' });
  });
});
