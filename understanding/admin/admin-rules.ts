/** The owner's commands, one rule each, tried in order (the first that recognises the message wins). */

import {
  anyDate,
  appointmentRef,
  code,
  findAdminTime,
  findAmount,
  findDuration,
  findMonth,
  findPhone,
  futureDate,
  has,
  isCommand,
  missing,
  serviceOrProblem,
  staffOrProblem,
  type Rule,
} from './admin-read';
import { agenda, block, markDone, walkIn } from './admin-rules-bookings';
import { amendCommission, assignServices, extraHours } from './admin-rules-extra';

export const RULES: Rule[] = [
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
    const m = /^\s*(?:reply|jibu|answer)\b\s*(?:to\s+)?(e\d{1,4})?\s*[:-]?\s*([\s\S]*)$/i.exec(
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
  (r) => {
    // "refund R2 done", "R2 refunded", "rejesho R2 limefanyika", "nimerudisha pesa R2"
    const ref = /\br\s?#?(\d{1,9})\b/i.exec(r.raw);
    if (
      !ref ||
      !has(r, /\b(refund|refunded|refunds|rejesho|marejesho|rejesha|nimerudisha|imerudishwa)\b/)
    )
      return undefined;
    if (
      !has(
        r,
        /\b(done|sent|paid|completed|refunded|limefanyika|yamefanyika|imetumwa|yametumwa|nimetuma|nimerudisha|imerudishwa|tayari)\b/,
      )
    )
      return undefined;
    return { type: 'refund_done', refundId: Number(ref[1]) };
  },
  markDone,
  amendCommission,
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
  extraHours,
  assignServices,
  (r) => {
    const m =
      /\b(?:add|new|ongeza)\s+(?:a\s+)?(?:service|huduma(?:\s+mpya)?)\s*[:-]?\s*(.*)$/i.exec(r.raw);
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
      /\b(?:add|new|ongeza)\s+(?:a\s+)?(?:staff(?:\s+member)?|stylist|barber|mfanyakazi(?:\s+mpya)?|mtaalamu)\s*[:-]?\s*(.*)$/i.exec(
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
      /^\s*(?:note|info|faq|add note|add info|tell customers|taarifa|kumbuka|tangazo|waambie wateja)\s*(?:that|kwamba)?\s*[:-]?\s*([\s\S]+)$/i.exec(
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
