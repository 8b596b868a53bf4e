/**
 * "Now" in the tenant's time zone, and the next days with their weekday names, so a model resolves
 * "kesho", "next Friday" or "Ijumaa" without doing calendar arithmetic itself.
 */
import { zonedFormatter } from '../../contract';

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_SW = [
  'Jumapili',
  'Jumatatu',
  'Jumanne',
  'Jumatano',
  'Alhamisi',
  'Ijumaa',
  'Jumamosi',
];

export interface LocalNow {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
}

export function localNow(now: number, timezone: string): LocalNow {
  const parts = zonedFormatter('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
  };
}

function addDays(date: string, days: number): { date: string; weekday: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return { date: t.toISOString().slice(0, 10), weekday: t.getUTCDay() };
}

/** "Now: Tuesday 2026-11-24 14:05 (Africa/Nairobi)" and fourteen dated days from today. */
export function calendarLines(now: number, timezone: string, days = 14): string[] {
  const local = localNow(now, timezone);
  const lines = [];
  for (let i = 0; i < days; i++) {
    const { date, weekday } = addDays(local.date, i);
    const label =
      i === 0 ? ' (today, leo)' : i === 1 ? ' (tomorrow, kesho)' : i === 2 ? ' (kesho kutwa)' : '';
    lines.push(`- ${date}: ${WEEKDAYS_EN[weekday]} / ${WEEKDAYS_SW[weekday]}${label}`);
  }
  const today = addDays(local.date, 0);
  return [
    `Now: ${WEEKDAYS_EN[today.weekday]} ${local.date} ${local.time} (${timezone})`,
    'Calendar:',
    ...lines,
  ];
}

/** True when `date` is a real calendar date (2026-02-30 is not). */
export function isRealDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return t.toISOString().slice(0, 10) === date;
}
