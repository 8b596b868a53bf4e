/**
 * The owner's later commands: open extra hours, give a staff member services, amend a closed
 * commission period. English and Swahili, like the rest of the rules.
 */
import type { AdminCommand } from '../../contract';
import {
  findMonth,
  findTimeRange,
  futureDate,
  has,
  isCommand,
  missing,
  staffOrProblem,
  staffSpan,
  type Read,
} from './admin-read';

/**
 * "open extra hours Sunday 10am-2pm", "open the salon Sunday 10am to 2pm", "Wanjiku works
 * Friday 7pm-9pm"; "fungua saluni Jumapili saa nne hadi saa nane", "saa za ziada Wanjiku
 * Ijumaa ...", "Wanjiku atafanya kazi Jumapili ...". No staff named: the whole salon.
 */
export function extraHours(r: Read): AdminCommand | undefined {
  if (
    !has(
      r,
      /\b(extra hours?|open|opening|fungua|tutafungua|tunafungua|ziada|works|will work|working|atafanya kazi|atafanya|atakuwepo)\b/,
    ) ||
    has(r, /\b(block|zuia|close|funga|tumefunga)\b/)
  )
    return undefined;
  const range = findTimeRange(r.text, r.words);
  if (!range) return has(r, /\b(extra hours?|ziada)\b/) ? missing('time') : undefined;
  const salon = has(r, /\b(salon|saluni|shop|duka|everyone|wote)\b/);
  const staff = salon ? undefined : staffOrProblem(r, false);
  if (staff && isCommand(staff)) return staff;
  const d = futureDate(r);
  if (isCommand(d)) return d;
  return { type: 'extra_hours', ...staffSpan(staff, d.date, range) };
}

/**
 * "Njeri does braids and pedicure", "assign braids to Njeri", "give Njeri haircut"; "Njeri
 * anafanya kusuka na pedicure", "mpe Njeri kusuka". Adds to what they already do.
 */
export function assignServices(r: Read): AdminCommand | undefined {
  if (
    !has(
      r,
      /\b(assign|does|can do|will do|give|let|anafanya|atafanya|anaweza kufanya|mpe|mpatie|mwachie)\b/,
    ) ||
    has(r, /\b(block|zuia|kazi|works|work)\b/)
  )
    return undefined;
  const staff = r.names.staff(r.words);
  if (!staff) return undefined;
  const ids = r.names.services(r.words).sort((a, b) => a.id.localeCompare(b.id));
  // "how much does Amina get": a staff name and "does" but no service is not this command.
  if (ids.length === 0) return undefined;
  return {
    type: 'assign_services',
    staffId: staff.id,
    staffName: staff.name,
    serviceIds: ids.map((s) => s.id),
    serviceNames: ids.map((s) => s.name),
  };
}

const AMOUNT =
  /\b(add|plus|ongeza|minus|deduct|remove|subtract|less|take off|toa|punguza|kata)\s*(?:kes|ksh|kshs|sh)?\s*(\d{1,3}(?:,\d{3})+|\d+)\b/;
const MINUS = /^(minus|deduct|remove|subtract|less|take off|toa|punguza|kata)$/;

/**
 * "amend November for Wanjiku: add 500 tip", "correct Wanjiku's commission for November: deduct
 * 300 damaged dryer"; "rekebisha Novemba ya Wanjiku: ongeza 500 bakshishi".
 */
export function amendCommission(r: Read): AdminCommand | undefined {
  if (!/^\s*(amend|correct|adjust|rekebisha|sahihisha)\b/.test(r.text)) return undefined;
  const staff = staffOrProblem(r, true) ?? missing('staff');
  if (isCommand(staff)) return staff;
  const month = findMonth(r.text, r.words, r.ctx.now, r.ctx.timezone);
  if (!month) return missing('month');
  const m = AMOUNT.exec(r.raw.toLowerCase());
  if (!m) return missing('amount');
  const amount = Number(m[2]!.replace(/,/g, '')) * 100;
  if (amount === 0) return missing('amount');
  const rawAfter = /(?:kes|ksh|kshs|sh)?\s*\d[\d,]*\s*(.*)$/i.exec(
    r.raw.slice(r.raw.search(new RegExp(`\\b${m[1]!}\\b`, 'i'))),
  );
  const note = (rawAfter?.[1] ?? '')
    .replace(/^(for|kwa|ya|as|:|-)\s+/i, '')
    .trim()
    .slice(0, 200);
  return {
    type: 'amend_commission',
    staffId: staff.id,
    staffName: staff.name,
    month,
    deltaKesMinor: MINUS.test(m[1]!) ? -amount : amount,
    note: note || (MINUS.test(m[1]!) ? 'deduction' : 'addition'),
  };
}
