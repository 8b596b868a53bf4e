import type { Effect, Unavailable } from '../../contract';
import { knownService, serviceName, staffDoes, staffFor, staffName } from './catalog';
import { cap, clock, dayLabel, localDate } from './format';
import { resultOf } from './results';
import { t, text, whenAsked } from './replies';
import { readMessage } from './said';
import type { CustomerThreadEvent, ThreadContext } from './types';

/**
 * What the bot says about a booking request on the way, so nothing is changed silently: a day
 * that has passed, a staff member who does not do the service (and who does), two services
 * booked back to back, why the time asked for is not on offer (taken, closed, a named holiday,
 * outside the hours, too soon), and the one-line answers to side questions.
 */

type Lead = (c: ThreadContext, e: CustomerThreadEvent) => string | null;

const join = (...parts: (string | null | undefined)[]) => {
  const text = parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
  return text === '' ? null : text;
};

/** "Achieng", "Wanjiku and Baraka" / "Wanjiku na Baraka". */
function names(c: ThreadContext, list: string[]): string | undefined {
  if (list.length === 0) return undefined;
  const and = c.lang === 'sw' ? ' na ' : ' and ';
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')}${and}${list.at(-1)}`;
}

/** The notes for a message that starts or changes a booking (after it was absorbed). */
const requestNotes: Lead = (c, e) => {
  if (e.type !== 'message') return null;
  const s = readMessage(e);
  const notes: string[] = [];
  if (s.date !== null && s.tap === null && s.date < localDate(e.at, c.timezone)) {
    notes.push(t(c, 'pastDay', { when: dayLabel(s.date, c.lang) }));
  }
  const asked = s.serviceIds.find((id) => knownService(c.settings, id)) ?? c.draft.serviceId;
  if (s.staffId !== null && asked !== null && !staffDoes(c.settings, s.staffId, asked)) {
    const who = staffFor(c.settings, asked).map((x) => x.name);
    notes.push(
      t(c, 'staffCantDo', {
        staff: staffName(c.settings, s.staffId) ?? '',
        service: serviceName(c.settings, asked, c.lang),
        who: names(c, who.slice(0, 3)),
      }),
    );
  }
  if (s.unknownService !== null && !s.serviceIds.some((id) => knownService(c.settings, id))) {
    notes.push(t(c, 'unknownService', { service: s.unknownService }));
  }
  const next = c.queue[0];
  if (next !== undefined && s.serviceIds.length > 1 && c.draft.serviceId !== null) {
    notes.push(
      t(c, 'twoServices', {
        service: serviceName(c.settings, c.draft.serviceId, c.lang),
        next: serviceName(c.settings, next, c.lang),
      }),
    );
  }
  return join(c.lead, ...notes);
};

function readUnavailable(e: CustomerThreadEvent): Unavailable | null {
  const u = resultOf(e, 'availability.search')?.unavailable;
  if (typeof u !== 'object' || u === null) return null;
  const r = (u as Record<string, unknown>).reason;
  const holiday = (u as Record<string, unknown>).holiday;
  const reasons = ['holiday', 'closed', 'outside_hours', 'too_soon', 'taken'] as const;
  const reason = reasons.find((x) => x === r);
  if (reason === undefined) return null;
  return typeof holiday === 'string' && holiday
    ? { reason, holiday: cap(holiday, 60) }
    : { reason };
}

/** Why the day or time asked for is not among the offers (the search says why). */
const notOnOffer: Lead = (c, e) => {
  const u = readUnavailable(e);
  const d = c.draft;
  if (u === null || d.date === null || d.flexible === true) return c.lead;
  const day = dayLabel(d.date, c.lang);
  const at = d.time === null ? null : clock(d.time, c.lang);
  const dayOnly = u.reason === 'holiday' || u.reason === 'closed';
  const when =
    dayOnly || at === null
      ? d.partOfDay && !dayOnly
        ? whenAsked({ ...d, time: null }, c.lang)
        : day
      : c.lang === 'en'
        ? `${at} on ${day}`
        : `${day} ${at}`;
  if (u.reason === 'taken' && d.time === null) {
    return join(c.lead, t(c, 'noSlots', { when: whenAsked(d, c.lang) }));
  }
  const sentence = t(c, 'unavailable', {
    reason: u.reason,
    when: c.lang === 'en' && !dayOnly ? capitalize(when) : when,
    ...(u.holiday ? { holiday: u.holiday } : {}),
  });
  return join(c.lead, sentence);
};

const capitalize = (s: string) => (s ? `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}` : s);

export const NOTE_LEADS = {
  requestNotes,
  notOnOffer,
  /** Nothing free at all: why, when the search says, else "nothing is free then". */
  noSlotsWhy: (c, e) =>
    notOnOffer({ ...c, lead: null }, e) ?? t(c, 'noSlots', { when: whenAsked(c.draft, c.lang) }),
  nextService: (c) =>
    t(c, 'nextService', { service: serviceName(c.settings, c.draft.serviceId, c.lang) }),
  moveTooLate: (c) =>
    t(c, 'pastCutoff', {
      action: 'reschedule',
      hours: hoursText(c, c.settings.policy.rescheduleCutoffMin),
    }),
} satisfies Record<string, Lead>;

/** "2 hours" / "masaa 2", "90 minutes" / "dakika 90". */
export const hoursText = (c: ThreadContext, minutes: number) =>
  minutes % 60 === 0
    ? c.lang === 'en'
      ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
      : `masaa ${minutes / 60}`
    : c.lang === 'en'
      ? `${minutes} minutes`
      : `dakika ${minutes}`;

/** An answer to a side question, cut to its first line: an aside is a line, not a page. */
export function asideAnswer(c: ThreadContext, e: CustomerThreadEvent): Effect[] {
  const r = resultOf(e, 'inquiry.answer');
  if (r === null || r === undefined) return [];
  const answered = r.answered === true && typeof r.text === 'string' && r.text.trim() !== '';
  const body = answered ? (String(r.text).trim().split('\n')[0] ?? '') : t(c, 'asideUnknown');
  return [{ type: 'reply', message: text(body) }];
}

/** One `inquiry.answer` call per side question, about the day being booked. */
export function asideCalls(c: ThreadContext): Effect[] | null {
  if (c.asides.length === 0) return null;
  return c.asides.map((a) => ({
    type: 'call',
    kind: 'inquiry.answer',
    payload: {
      intent: a.intent,
      ...(a.topic ? { topic: cap(a.topic, 200) } : {}),
      // A price question is about the service being booked; other questions are not.
      serviceIds: a.intent === 'prices' && c.draft.serviceId ? [c.draft.serviceId] : [],
      language: c.lang,
      ...(c.draft.date ? { date: c.draft.date } : {}),
    },
  }));
}
