import type {
  CalendarAppointment as Appointment,
  CalendarBlock,
  CalendarHoliday,
} from '$contract/console-api';
import { clockInZone, dayInZone, formatDayIso } from '$contract/day-format';
import type { Language } from '$contract/thread';

/** The calendar's arithmetic, in the tenant's time zone (never the browser's). */
export type { Appointment };
/** What the booking dialog is for: a new booking in an empty slot, or moving one. */
export type DialogTask =
  | { kind: 'create'; day: string; time: string; staffId: string | null }
  | {
      kind: 'move';
      appointment: Appointment;
      day: string;
      time: string;
      /** Set when the appointment was dragged: the staff column it was dropped in. */
      staffId?: string;
      /** A drag proposed this move: the dialog asks to confirm it, naming the change. */
      dropped?: boolean;
    };
export interface Staff {
  id: string;
  name: string;
  active: boolean;
  services: string[];
}
export interface Span {
  weekday: number;
  open: string;
  close: string;
}
export interface Hours {
  hours: Span[];
  staffHours: (Span & { staffId: string })[];
}

export const START_H = 7;
export const END_H = 21;

/** The tenant's ISO day of an instant. */
export const localDay = dayInZone;
/** "+03:00" for the tenant's zone on that day. */
export function offsetOf(dayIso: string, zone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${dayIso}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
  return m ? m[1]! : '+00:00';
}
export function addDays(dayIso: string, n: number): string {
  const d = new Date(`${dayIso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** Monday of the week of `dayIso`. */
export function monday(dayIso: string): string {
  return addDays(dayIso, -((isoWeekday(dayIso) + 6) % 7));
}
/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(dayIso: string): number {
  return new Date(`${dayIso}T12:00:00Z`).getUTCDay() || 7;
}
/** Hours since the tenant's midnight (9.5 = 09:30). */
export function hourOf(ms: number, zone: string): number {
  const [h, m] = clockInZone(ms, zone).split(':').map(Number);
  return h! + m! / 60;
}
const hm = (t: string) => Number(t.slice(0, 2)) + Number(t.slice(3, 5)) / 60;

/** Hours of the visible range when the business (or this staff member) is closed. */
export function closedRanges(
  day: string,
  hours: Hours,
  staffId: string | null,
): [number, number][] {
  const wd = isoWeekday(day);
  const own = staffId ? hours.staffHours.filter((h) => h.staffId === staffId) : [];
  const spans = (own.length > 0 ? own : hours.hours)
    .filter((h) => h.weekday === wd)
    .map((h) => [hm(h.open), hm(h.close)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let at = START_H;
  for (const [o, c] of spans) {
    if (o > at) out.push([at, Math.min(o, END_H)]);
    at = Math.max(at, c);
  }
  if (at < END_H) out.push([at, END_H]);
  return out.filter(([a, b]) => b > a);
}

export interface Column {
  key: string;
  label: string;
  day: string;
  staffId: string | null;
  items: { a: Appointment; lane: number; lanes: number }[];
  closed: [number, number][];
  blocks: { from: number; to: number; reason: string | null }[];
  holiday: string | null;
}

/**
 * Day view: one column per staff member. Week view: one column per day with every staff member
 * (or the one chosen) side by side in lanes.
 */
export function buildColumns(args: {
  view: 'day' | 'week';
  day: string;
  zone: string;
  /** The tenant's language: week column heads ("Mon 7 Dec", "Jumatatu 7 Des"). */
  language: Language;
  staff: Staff[];
  only: string;
  appointments: Appointment[];
  hours: Hours;
  holidays: CalendarHoliday[];
  blocks: CalendarBlock[];
}): Column[] {
  const { zone, hours } = args;
  const holidayOf = (d: string) => args.holidays.find((h) => h.day === d);
  const blocksOf = (d: string, staffId: string | null) =>
    args.blocks
      .filter(
        (b) =>
          (b.staffId === null || staffId === null || b.staffId === staffId) &&
          localDay(b.start, zone) <= d &&
          localDay(b.end - 1, zone) >= d,
      )
      .map((b) => ({
        from: localDay(b.start, zone) < d ? START_H : Math.max(START_H, hourOf(b.start, zone)),
        to: localDay(b.end - 1, zone) > d ? END_H : Math.min(END_H, hourOf(b.end, zone)),
        reason: b.reason,
      }));
  const column = (
    key: string,
    label: string,
    day: string,
    staffId: string | null,
    lanesOf: string[],
  ) => {
    const holiday = holidayOf(day);
    return {
      key,
      label,
      day,
      staffId,
      items: args.appointments
        .filter(
          (a) =>
            localDay(a.start, zone) === day &&
            (staffId === null ? lanesOf.includes(a.staffId) : a.staffId === staffId),
        )
        .map((a) => ({
          a,
          lane: staffId === null ? Math.max(0, lanesOf.indexOf(a.staffId)) : 0,
          lanes: staffId === null ? lanesOf.length : 1,
        })),
      closed: holiday ? [[START_H, END_H] as [number, number]] : closedRanges(day, hours, staffId),
      blocks: blocksOf(day, staffId),
      holiday: holiday ? (holiday.name ?? 'Closed') : null,
    };
  };
  if (args.view === 'day')
    return args.staff.map((s) => column(s.id, s.name, args.day, s.id, [s.id]));
  const who = args.only ? [args.only] : args.staff.map((s) => s.id);
  const start = monday(args.day);
  return Array.from({ length: 7 }, (_, i) => {
    const d = addDays(start, i);
    return column(d, formatDayIso(d, args.language, 'noYear'), d, null, who);
  });
}
