import { END_H, START_H, hourOf, localDay, type Appointment } from './calendar-model';

/**
 * Drag-to-move in the calendar: where an appointment dragged by the pointer would land (a
 * column — a staff member in the day view, a day in the week view — and a time snapped to the
 * quarter-hour grid). The drop only proposes the move: the page confirms it in the move dialog,
 * which carries it out through the customer's thread like a move typed in the dialog.
 */
export interface DropTarget {
  day: string;
  staffId: string;
  /** HH:MM in the tenant's zone. */
  time: string;
  /** Hours since the calendar's start (for the ghost box). */
  hour: number;
  length: number;
}

export const HOUR_PX = 56;
const SNAP_MIN = 15;

export function hhmm(hour: number): string {
  const m = Math.round(hour * 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The column under (x, y) and the snapped start time for a box whose top is at `top`. */
function targetAt(
  x: number,
  y: number,
  top: number,
  a: Appointment,
  length: number,
): DropTarget | null {
  const slots = document
    .elementsFromPoint(x, y)
    .find((el) => el instanceof HTMLElement && el.dataset.testid === 'slots') as
    HTMLElement | undefined;
  const col = slots?.closest<HTMLElement>('[data-day]');
  if (!slots || !col) return null;
  const raw = (top - slots.getBoundingClientRect().top) / HOUR_PX + START_H;
  const snapped = Math.round((raw * 60) / SNAP_MIN) * (SNAP_MIN / 60);
  const hour = Math.min(Math.max(snapped, START_H), END_H - length);
  return {
    day: col.dataset.day!,
    staffId: col.dataset.staff ?? a.staffId,
    time: hhmm(hour),
    hour,
    length,
  };
}

/**
 * Follows a pointer pressed on an appointment. Below a few pixels it stays a click (opens the
 * conversation); past them it is a drag: `show` follows the target, `drop` gets it on release
 * when it differs from where the appointment is, and the click that ends the drag is swallowed.
 */
export function dragAppointment(
  e: PointerEvent,
  a: Appointment,
  zone: string,
  hooks: { show: (t: DropTarget | null) => void; drop: (a: Appointment, t: DropTarget) => void },
): void {
  if (e.button !== 0 || !e.isPrimary) return;
  const el = e.currentTarget as HTMLElement;
  const grab = e.clientY - el.getBoundingClientRect().top;
  const [x0, y0] = [e.clientX, e.clientY];
  const from = { day: localDay(a.start, zone), time: hhmm(hourOf(a.start, zone)) };
  const length = Math.max(0.25, hourOf(a.end, zone) - hourOf(a.start, zone));
  let target: DropTarget | null = null;
  let moved = false;
  const move = (ev: PointerEvent) => {
    if (!moved && Math.hypot(ev.clientX - x0, ev.clientY - y0) < 6) return;
    moved = true;
    target = targetAt(ev.clientX, ev.clientY, ev.clientY - grab, a, length);
    hooks.show(target);
  };
  const end = (ev: PointerEvent) => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', end);
    window.removeEventListener('pointercancel', end);
    hooks.show(null);
    if (!moved) return;
    // The click that ends a drag must not open the conversation (and must not linger after).
    const swallow = (c: Event) => c.preventDefault();
    el.addEventListener('click', swallow, { once: true, capture: true });
    setTimeout(() => el.removeEventListener('click', swallow, true), 0);
    const t = target;
    if (
      ev.type === 'pointerup' &&
      t &&
      (t.day !== from.day || t.time !== from.time || t.staffId !== a.staffId)
    )
      hooks.drop(a, t);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', end);
  window.addEventListener('pointercancel', end);
}
