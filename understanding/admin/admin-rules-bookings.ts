/** The rules with most to read: done / no-show actuals, walk-ins, blocks, the agenda. */
import type { AdminCommand } from '../../contract';
import {
  appointmentRef,
  findAdminDate,
  findAdminTime,
  findPhone,
  findTimeRange,
  futureDate,
  has,
  isCommand,
  missing,
  normalizeText,
  serviceOrProblem,
  staffOrProblem,
  staffSpan,
  today,
  type Read,
} from './admin-read';

export function markDone(r: Read): AdminCommand | undefined {
  if (
    !has(
      r,
      /\b(done|completed|complete|finished|served|imekamilika|amemaliza|kamilisha|imeisha|tumemaliza)\b/,
    )
  )
    return undefined;
  const id = appointmentRef(r);
  if (!id) return missing('booking');
  const afterRef = r.raw.replace(/#\s?\d+/, ' ').toLowerCase();
  const range = findTimeRange(afterRef, afterRef.split(/\s+/));
  const tip = /\b(?:tip|bakshishi|tips)\s*(?:of\s*)?(?:kes|ksh)?\s*(\d{1,3}(?:,\d{3})*|\d+)/.exec(
    afterRef,
  );
  return {
    type: 'mark_done',
    appointmentId: id,
    ...(range ? { actualStart: range.from, actualEnd: range.to } : {}),
    ...(tip ? { tipKesMinor: Number(tip[1]!.replace(/,/g, '')) * 100 } : {}),
  };
}

export function walkIn(r: Read): AdminCommand | undefined {
  if (!/^\s*(book|weka|andika|booking for|walk-?in)\b/.test(r.text)) return undefined;
  const phone = findPhone(r.raw);
  if (!phone) return undefined;
  const before = r.raw
    .slice(0, phone.index)
    .replace(/^\s*(book|weka|andika|booking for|walk-?in)\s*/i, '');
  const name = before
    .replace(/[^\p{L}\s'-]/gu, ' ')
    .trim()
    .split(/\s+/)
    .slice(0, 3)
    .join(' ');
  const rest = r.raw.slice(phone.index + phone.length);
  const n = normalizeText(rest, 500);
  const sub: Read = { ...r, raw: rest, text: n.text, words: n.words };
  const service = serviceOrProblem(sub);
  if (isCommand(service)) return service;
  const staff = staffOrProblem(sub, false);
  if (staff && isCommand(staff)) return staff;
  const d = futureDate(sub);
  if (isCommand(d)) return d;
  const time = findAdminTime(sub.text, sub.words);
  if (!time) return missing('time');
  if (!name) return missing('name');
  return {
    type: 'walk_in',
    name,
    phone: phone.phone,
    serviceId: service.id,
    serviceName: service.name,
    staffId: staff?.id ?? null,
    ...(staff ? { staffName: staff.name } : {}),
    date: d.date,
    time,
  };
}

export function block(r: Read): AdminCommand | undefined {
  if (!has(r, /\b(block|blok|zuia|busy|hatapatikana)\b/)) return undefined;
  const salon = has(r, /\b(salon|saluni|everyone|all|wote|shop)\b/);
  const staff = salon ? undefined : staffOrProblem(r, false);
  if (staff && isCommand(staff)) return staff;
  const d = futureDate(r);
  if (isCommand(d)) return d;
  const range = findTimeRange(r.text, r.words);
  if (!range) {
    if (staff) return { type: 'day_off', staffId: staff.id, staffName: staff.name, date: d.date };
    return missing('time');
  }
  return { type: 'block', ...staffSpan(staff, d.date, range) };
}

export function agenda(r: Read): AdminCommand | undefined {
  const asks = has(
    r,
    /\b(bookings?|appointments?|agenda|schedule|booked|miadi|ratiba|wateja|calendar|kalenda|diary)\b/,
  );
  const staff = r.names.staff(r.words);
  const date = findAdminDate(r.text, r.words, r.ctx.now, r.ctx.timezone);
  if (!asks && !(staff && date)) return undefined;
  if (date?.ambiguous) return { type: 'problem', problem: 'ambiguous_date', date: date.date };
  return {
    type: 'agenda',
    date: date?.date ?? today(r.ctx.now, r.ctx.timezone),
    ...(staff ? { staffId: staff.id, staffName: staff.name } : {}),
  };
}
