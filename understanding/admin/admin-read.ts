/** One owner message as the rules read it, and the helpers they share. */
import type { AdminCommand } from '../../contract';
import { findAdminDate, findAdminTime, findMonth, findTimeRange, today } from './admin-dates';
import type { NameFinder } from './admin-names';
import { findAmount, findDuration, findPhone, wordAfter } from './admin-names';
import { normalizeText } from '../normalize';

export interface AdminParseContext {
  now: number;
  timezone: string;
}

/** What one message holds, read once and shared by the rules. */
export interface Read {
  raw: string;
  text: string;
  words: string[];
  ctx: AdminParseContext;
  names: NameFinder;
}

export type Rule = (r: Read) => AdminCommand | undefined;

export const has = (r: Read, re: RegExp) => re.test(r.text);
const STAFF_MARKERS = ['for', 'with', 'ya', 'wa', 'na', 'block', 'zuia', 'off'];
export const appointmentRef = (r: Read) => {
  const m =
    /#\s?(\d{1,9})\b/.exec(r.raw) ??
    /\b(?:booking|appointment|namba|no)\s+(\d{1,9})\b/.exec(r.text);
  return m ? Number(m[1]) : undefined;
};
export const code = (r: Read) => /\b[eE](\d{1,4})\b/.exec(r.raw)?.[0].toUpperCase();

/** A date that must be a day from today on. */
export function futureDate(r: Read, optional = false): { date: string } | AdminCommand {
  const d = findAdminDate(r.text, r.words, r.ctx.now, r.ctx.timezone);
  if (!d) return optional ? { date: today(r.ctx.now, r.ctx.timezone) } : missing('date');
  if (d.ambiguous) return { type: 'problem', problem: 'ambiguous_date', date: d.date };
  if (d.past) return { type: 'problem', problem: 'past_date', date: d.date };
  return { date: d.date };
}
export const anyDate = (r: Read): { date: string } | AdminCommand => {
  const d = findAdminDate(r.text, r.words, r.ctx.now, r.ctx.timezone);
  if (d?.ambiguous) return { type: 'problem', problem: 'ambiguous_date', date: d.date };
  return { date: d?.date ?? today(r.ctx.now, r.ctx.timezone) };
};
export const missing = (word: string): AdminCommand => ({
  type: 'problem',
  problem: 'missing',
  word,
});
export const isCommand = (x: object): x is AdminCommand => 'type' in x;

/** When and for whom a block or extra hours are: a staff member, or the whole salon (none). */
export function staffSpan(
  staff: { id: string; name: string } | undefined,
  date: string,
  range: { from: string; to: string },
) {
  return {
    staffId: staff?.id ?? null,
    ...(staff ? { staffName: staff.name } : {}),
    date,
    from: range.from,
    to: range.to,
  };
}

export function staffOrProblem(r: Read, required: boolean) {
  const s = r.names.staff(r.words);
  if (s) return s;
  const word = wordAfter(r.words, STAFF_MARKERS);
  if (word && (required || r.names.suggestStaff(word))) {
    const suggestion = r.names.suggestStaff(word);
    return {
      type: 'problem',
      problem: 'unknown_staff',
      word,
      ...(suggestion ? { suggestion } : {}),
    } as AdminCommand;
  }
  return required ? missing('staff') : undefined;
}

const SERVICE_NOISE = new Set(
  'change set price bei cost duration muda takes pause resume hide stop offering sitisha simamisha rejesha to ya kwa the of for is now min mins minutes dakika kes ksh sh shilingi make weka badilisha'.split(
    ' ',
  ),
);

export function serviceOrProblem(r: Read) {
  const s = r.names.service(r.words);
  if (s) return s;
  const word = r.words.filter((w) => /^[a-z]{3,}$/.test(w) && !SERVICE_NOISE.has(w))[0];
  const suggestion = word ? r.names.suggestService(word) : undefined;
  return {
    type: 'problem',
    problem: 'unknown_service',
    ...(word ? { word } : {}),
    ...(suggestion ? { suggestion } : {}),
  } as AdminCommand;
}

// re-exported for the rules
export {
  findAdminDate,
  findAdminTime,
  findAmount,
  findDuration,
  findMonth,
  findPhone,
  findTimeRange,
  normalizeText,
  today,
};
