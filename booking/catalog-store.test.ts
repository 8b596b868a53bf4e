import { describe, expect, it } from 'vitest';
import { hoursRows } from './catalog-store';

describe('hoursRows', () => {
  it('turns a week of spans into rows, ISO weekdays, several spans a day, 00:00 as midnight', () => {
    expect(
      hoursRows(
        {
          sun: [{ open: '18:00', close: '00:00' }],
          mon: [
            { open: '14:00', close: '19:00' },
            { open: '08:00', close: '12:30' },
          ],
        },
        'hours',
      ),
    ).toEqual([
      { weekday: 1, open_at: '08:00', close_at: '12:30' },
      { weekday: 1, open_at: '14:00', close_at: '19:00' },
      { weekday: 7, open_at: '18:00', close_at: '24:00' },
    ]);
  });

  it('refuses spans that close before they open or overlap, naming where', () => {
    expect(() => hoursRows({ tue: [{ open: '10:00', close: '09:00' }] }, 'hours')).toThrow(
      'hours.tue: closes (09:00) before it opens (10:00)',
    );
    expect(() =>
      hoursRows(
        {
          fri: [
            { open: '08:00', close: '13:00' },
            { open: '12:00', close: '18:00' },
          ],
        },
        'staff.2.hours',
      ),
    ).toThrow('staff.2.hours.fri: spans overlap');
  });
});
