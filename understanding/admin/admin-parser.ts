/**
 * The owner's commands, in English and Swahili, read deterministically (DESIGN.md section 6's
 * embedded parser, extended to the admin side). `parse` never throws: what it cannot read is
 * `unknown`, and a command it recognises but cannot use as written is a `problem` (unknown staff
 * or service with a did-you-mean, an ambiguous or past date, something missing).
 */
import type { AdminCommand, AdminUnderstanding } from '../../contract/admin';
import { detectLanguage } from '../../adapters/nlu/language';
import { normalizeText } from '../../adapters/nlu/normalize';
import { findAdminDate, findAdminTime, findMonth, findTimeRange, today } from './admin-dates';
import {
  findAmount,
  findDuration,
  findPhone,
  NameFinder,
  wordAfter,
  type AdminCatalog,
} from './admin-names';

export interface AdminParseContext {
  now: number;
  timezone: string;
}

export interface AdminParser {
  parse(text: string, ctx: AdminParseContext): AdminUnderstanding;
}

/** What one message holds, read once and shared by the rules. */
interface Read {
  raw: string;
  text: string;
  words: string[];
  ctx: AdminParseContext;
  names: NameFinder;
}

type Rule = (r: Read) => AdminCommand | undefined;

const has = (r: Read, re: RegExp) => re.test(r.text);
const STAFF_MARKERS = ['for', 'with', 'ya', 'wa', 'na', 'block', 'zuia', 'off'];

export function createAdminParser(catalog: AdminCatalog): AdminParser {
  const names = new NameFinder(catalog);
  return {
    parse(raw, ctx) {
      const input = typeof raw === 'string' ? raw.slice(0, 1000) : '';
      const n = normalizeText(input, 500);
      const r: Read = { raw: input, text: n.text, words: n.words, ctx, names };
      const language =
        /\b(ya|kwa|leo|kesho|nani|bei|funga|weka|jibu|ndiyo|ndio|hapana|sawa|mwezi|miadi|ratiba|saa|huduma|mfanyakazi|imekamilika|hakufika|hakuja|zuia|mapato|kamisheni|likizo|ghairi|hamisha|rudisha|chukua|tarehe|wateja|mteja|tumefunga|sitisha|ongeza|taarifa|msaada|amri)\b/.test(
          n.text,
        )
          ? 'sw'
          : detectLanguage(n.words, undefined);
      let command: AdminCommand = { type: 'unknown' };
      try {
        for (const rule of RULES) {
          const c = rule(r);
          if (c) {
            command = c;
            break;
          }
        }
      } catch {
        command = { type: 'unknown' };
      }
      return { language, command };
    },
  };
}

const appointmentRef = (r: Read) => {
  const m =
    /#\s?(\d{1,9})\b/.exec(r.raw) ??
    /\b(?:booking|appointment|namba|no)\s+(\d{1,9})\b/.exec(r.text);
  return m ? Number(m[1]) : undefined;
};
const code = (r: Read) => /\b[eE](\d{1,4})\b/.exec(r.raw)?.[0].toUpperCase();

/** A date that must be a day from today on. */
function futureDate(r: Read, optional = false): { date: string } | AdminCommand {
  const d = findAdminDate(r.text, r.words, r.ctx.now, r.ctx.timezone);
  if (!d) return optional ? { date: today(r.ctx.now, r.ctx.timezone) } : missing('date');
  if (d.ambiguous) return { type: 'problem', problem: 'ambiguous_date', date: d.date };
  if (d.past) return { type: 'problem', problem: 'past_date', date: d.date };
  return { date: d.date };
}
const anyDate = (r: Read): { date: string } | AdminCommand => {
  const d = findAdminDate(r.text, r.words, r.ctx.now, r.ctx.timezone);
  if (d?.ambiguous) return { type: 'problem', problem: 'ambiguous_date', date: d.date };
  return { date: d?.date ?? today(r.ctx.now, r.ctx.timezone) };
};
const missing = (word: string): AdminCommand => ({ type: 'problem', problem: 'missing', word });
const isCommand = (x: object): x is AdminCommand => 'type' in x;

function staffOrProblem(r: Read, required: boolean) {
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

function serviceOrProblem(r: Read) {
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

const RULES: Rule[] = [
  (r) =>
    /^(yes|y|ok|okay|sure|confirm|ndiyo|ndio|sawa|yep|yeah)$/.test(r.text)
      ? { type: 'yes' }
      : undefined,
  (r) => (/^(no|n|nope|hapana|la|sitaki)$/.test(r.text) ? { type: 'no' } : undefined),
  (r) =>
    /^(help|msaada|menu|commands|amri|\?)$/.test(r.text) || r.text === ''
      ? { type: 'help' }
      : undefined,
  (r) => {
    const m = /^\s*(?:reply|jibu|answer)\b\s*(?:to\s+)?(e\d{1,4})?\s*[:\-]?\s*([\s\S]*)$/i.exec(
      r.raw,
    );
    if (!m) return undefined;
    const text = m[2]!.trim();
    if (!text) return missing('text');
    return { type: 'reply', text, ...(m[1] ? { code: m[1].toUpperCase() } : {}) };
  },
  (r) => {
    if (!/^\s*(dismiss|puuza|ondoa|close)\s+e\d/i.test(r.raw) && !/^(dismiss|puuza)$/.test(r.text))
      return undefined;
    const c = code(r);
    return { type: 'dismiss', ...(c ? { code: c } : {}) };
  },
  (r) =>
    has(r, /\b(hand ?back|handback|rudisha|return (it )?to the bot)\b/)
      ? { type: 'hand_back' }
      : undefined,
  (r) => {
    if (!has(r, /\b(take ?over|takeover|nichukue|chukua|nitaongea)\b/)) return undefined;
    const phone = findPhone(r.raw)?.phone;
    const c = code(r);
    if (!phone && !c) return missing('customer');
    return { type: 'take_over', ...(phone ? { phone } : {}), ...(c ? { code: c } : {}) };
  },
  (r) => {
    if (!has(r, /\b(no ?-?show|didnt come|did not come|didnt show|hakuja|hajafika|hakufika)\b/))
      return undefined;
    const id = appointmentRef(r);
    return id ? { type: 'no_show', appointmentId: id } : missing('booking');
  },
  markDone,
  (r) => {
    if (!has(r, /\b(commission|commissions|kamisheni|komisheni)\b/)) return undefined;
    const s = staffOrProblem(r, true) ?? missing('staff');
    if (isCommand(s)) return s;
    const month =
      findMonth(r.text, r.words, r.ctx.now, r.ctx.timezone) ??
      findMonth('this month', [], r.ctx.now, r.ctx.timezone)!;
    return { type: 'commission', staffId: s.id, staffName: s.name, month };
  },
  (r) => {
    if (
      !/^\s*(close|funga)\b/.test(r.text) ||
      has(r, /\b(salon|saluni|shop|duka|on|siku|tarehe)\b/)
    )
      return undefined;
    const month = findMonth(r.text, r.words, r.ctx.now, r.ctx.timezone);
    return month && !/\d{1,2}\s*(\/|\s)\s*\d/.test(r.text) && !/\b\d{1,2}\b/.test(r.text)
      ? { type: 'close_month', month }
      : undefined;
  },
  walkIn,
  (r) => {
    const m =
      /\b(?:add|new|ongeza)\s+(?:a\s+)?(?:service|huduma(?:\s+mpya)?)\s*[:\-]?\s*(.*)$/i.exec(
        r.raw,
      );
    if (!m) return undefined;
    const rest = m[1]!;
    const name = /^[^\d,]+/
      .exec(rest)?.[0]
      .trim()
      .replace(/\s+(for|kwa|at|bei)$/i, '');
    const durationMin = findDuration(rest.toLowerCase());
    const priceText = rest
      .toLowerCase()
      .replace(/\b\d{1,3}\s*(?:min|mins|minutes|m|h|hr|hrs|hours)\b|\bdakika\s+\d+/g, '');
    const price = findAmount(priceText);
    if (!name) return missing('name');
    if (price === undefined) return missing('price');
    return {
      type: 'add_service',
      name: name.slice(0, 80),
      priceKesMinor: price,
      durationMin: durationMin ?? 60,
    };
  },
  (r) => {
    const m =
      /\b(?:add|new|ongeza)\s+(?:a\s+)?(?:staff(?:\s+member)?|stylist|barber|mfanyakazi(?:\s+mpya)?|mtaalamu)\s*[:\-]?\s*(.*)$/i.exec(
        r.raw,
      );
    if (!m) return undefined;
    const name = m[1]!
      .trim()
      .replace(/[^\p{L}\s'-]/gu, '')
      .trim();
    return name ? { type: 'add_staff', name: name.slice(0, 60) } : missing('name');
  },
  (r) => {
    const m =
      /^\s*(?:note|info|faq|add note|add info|tell customers|taarifa|kumbuka|tangazo|waambie wateja)\s*(?:that|kwamba)?\s*[:\-]?\s*([\s\S]+)$/i.exec(
        r.raw,
      );
    return m && m[1]!.trim()
      ? { type: 'add_knowledge', text: m[1]!.trim().slice(0, 1000) }
      : undefined;
  },
  (r) => {
    if (!has(r, /\b(price|bei|cost|gharama)\b/) || !/\d/.test(r.text)) return undefined;
    const s = serviceOrProblem(r);
    if (isCommand(s)) return s;
    const price = findAmount(r.raw.toLowerCase().replace(/\b\d+\s*(min|mins|minutes)\b/g, ''));
    return price === undefined
      ? missing('price')
      : { type: 'set_price', serviceId: s.id, serviceName: s.name, priceKesMinor: price };
  },
  (r) => {
    if (!has(r, /\b(duration|takes|muda|long)\b/) || findDuration(r.text) === undefined)
      return undefined;
    const s = serviceOrProblem(r);
    if (isCommand(s)) return s;
    return {
      type: 'set_duration',
      serviceId: s.id,
      serviceName: s.name,
      durationMin: findDuration(r.text)!,
    };
  },
  (r) => {
    const pause = has(r, /\b(pause|stop offering|hide|sitisha|simamisha)\b/);
    const resume = has(r, /\b(resume|unpause|unhide|rejesha|anzisha tena)\b/);
    if (!pause && !resume) return undefined;
    const s = serviceOrProblem(r);
    if (isCommand(s)) return s;
    return {
      type: pause ? 'pause_service' : 'resume_service',
      serviceId: s.id,
      serviceName: s.name,
    };
  },
  (r) => {
    if (!has(r, /\b(holiday|closed|close|funga|tumefunga|tutafunga|sikukuu|hatufungui)\b/))
      return undefined;
    const d = futureDate(r);
    return isCommand(d) ? d : { type: 'holiday', date: d.date };
  },
  (r) => {
    if (
      !has(r, /\b(day off|off|likizo|mapumziko|hayupo|hatakuwepo|hatakuja|ruhusa)\b/) ||
      has(r, /\bblock|zuia\b/)
    )
      return undefined;
    const s = staffOrProblem(r, true) ?? missing('staff');
    if (isCommand(s)) return s;
    const d = futureDate(r);
    return isCommand(d) ? d : { type: 'day_off', staffId: s.id, staffName: s.name, date: d.date };
  },
  block,
  (r) => {
    if (
      !has(
        r,
        /\b(who is free|whos free|who s free|free at|nani yuko huru|nani yupo|available at|yuko wazi|nani yuko free)\b/,
      )
    )
      return undefined;
    const time = findAdminTime(r.text, r.words);
    if (!time) return missing('time');
    const d = anyDate(r);
    return isCommand(d) ? d : { type: 'free', date: d.date, time };
  },
  (r) => {
    if (!has(r, /\b(takings|revenue|sales|earnings|income|made|mapato|mauzo|tumepata)\b/))
      return undefined;
    const d = anyDate(r);
    return isCommand(d) ? d : { type: 'takings', date: d.date };
  },
  agenda,
];

function markDone(r: Read): AdminCommand | undefined {
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

function walkIn(r: Read): AdminCommand | undefined {
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

function block(r: Read): AdminCommand | undefined {
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
  return {
    type: 'block',
    staffId: staff?.id ?? null,
    ...(staff ? { staffName: staff.name } : {}),
    date: d.date,
    from: range.from,
    to: range.to,
  };
}

function agenda(r: Read): AdminCommand | undefined {
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
