/**
 * What the owner reads, in English and Swahili. `echo` is the one line that repeats every
 * command understood, so the owner sees what will happen before it does.
 */
import type {
  AdminAppointment,
  AdminCommand,
  AdminProblem,
  DigestData,
  PaymentReaperReport,
} from '../../contract';
import { EXTRA_ECHO, EXTRA_REASONS } from './copy-extra';
import { cap, day, money, month, time } from './format';
import type { Lang } from './types';

const L = (lang: Lang, en: string, sw: string) => (lang === 'sw' ? sw : en);
const who = (name: string | undefined | null, lang: Lang) => name ?? L(lang, 'the salon', 'saluni');

type EchoOf = {
  [K in AdminCommand['type']]?: (c: Extract<AdminCommand, { type: K }>, lang: Lang) => string;
};

const ECHO: EchoOf = {
  ...EXTRA_ECHO,
  agenda: (c, lang) =>
    L(
      lang,
      `📅 Bookings ${day(c.date, lang)}${c.staffName ? ` for ${c.staffName}` : ''}`,
      `📅 Miadi ${day(c.date, lang)}${c.staffName ? ` ya ${c.staffName}` : ''}`,
    ),
  free: (c, lang) =>
    L(
      lang,
      `🔎 Who is free ${day(c.date, lang)} at ${c.time}`,
      `🔎 Nani yuko huru ${day(c.date, lang)} saa ${c.time}`,
    ),
  takings: (c, lang) =>
    L(lang, `💰 Takings ${day(c.date, lang)}`, `💰 Mapato ${day(c.date, lang)}`),
  block: (c, lang) =>
    L(
      lang,
      `⛔ Block ${who(c.staffName, lang)} ${day(c.date, lang)} ${c.from}–${c.to}`,
      `⛔ Zuia ${who(c.staffName, lang)} ${day(c.date, lang)} ${c.from}–${c.to}`,
    ),
  day_off: (c, lang) =>
    L(
      lang,
      `🌴 Day off for ${c.staffName} on ${day(c.date, lang)}`,
      `🌴 Siku ya mapumziko ya ${c.staffName} ${day(c.date, lang)}`,
    ),
  holiday: (c, lang) =>
    L(lang, `🚪 Close the salon on ${day(c.date, lang)}`, `🚪 Funga saluni ${day(c.date, lang)}`),
  walk_in: (c, lang) =>
    L(
      lang,
      `📝 Book ${c.name} (${c.phone}): ${c.serviceName}${c.staffName ? ` with ${c.staffName}` : ''}, ${day(c.date, lang)} at ${c.time}`,
      `📝 Weka ${c.name} (${c.phone}): ${c.serviceName}${c.staffName ? ` na ${c.staffName}` : ''}, ${day(c.date, lang)} saa ${c.time}`,
    ),
  set_price: (c, lang) =>
    L(
      lang,
      `🏷️ ${c.serviceName}: new price ${money(c.priceKesMinor)}`,
      `🏷️ ${c.serviceName}: bei mpya ${money(c.priceKesMinor)}`,
    ),
  set_duration: (c, lang) =>
    L(
      lang,
      `⏱️ ${c.serviceName}: takes ${c.durationMin} min`,
      `⏱️ ${c.serviceName}: muda dakika ${c.durationMin}`,
    ),
  pause_service: (c, lang) =>
    L(
      lang,
      `⏸️ Pause ${c.serviceName} (customers can't book it)`,
      `⏸️ Sitisha ${c.serviceName} (wateja hawataweza kuiweka)`,
    ),
  resume_service: (c, lang) =>
    L(lang, `▶️ Offer ${c.serviceName} again`, `▶️ Rejesha ${c.serviceName}`),
  add_service: (c, lang) =>
    L(
      lang,
      `➕ New service ${c.name}: ${money(c.priceKesMinor)}, ${c.durationMin} min`,
      `➕ Huduma mpya ${c.name}: ${money(c.priceKesMinor)}, dakika ${c.durationMin}`,
    ),
  add_staff: (c, lang) => L(lang, `➕ New staff member ${c.name}`, `➕ Mfanyakazi mpya ${c.name}`),
  add_knowledge: (c, lang) =>
    L(lang, `ℹ️ Tell customers: “${cap(c.text, 200)}”`, `ℹ️ Waambie wateja: “${cap(c.text, 200)}”`),
  mark_done: (c, lang) =>
    L(
      lang,
      `✅ #${c.appointmentId} done${c.actualStart ? ` ${c.actualStart}–${c.actualEnd}` : ''}${c.tipKesMinor ? `, tip ${money(c.tipKesMinor)}` : ''}`,
      `✅ #${c.appointmentId} imekamilika${c.actualStart ? ` ${c.actualStart}–${c.actualEnd}` : ''}${c.tipKesMinor ? `, bakshishi ${money(c.tipKesMinor)}` : ''}`,
    ),
  refund_done: (c, lang) =>
    L(lang, `💸 Refund R${c.refundId} sent`, `💸 Marejesho R${c.refundId} yametumwa`),
  no_show: (c, lang) =>
    L(lang, `🚫 #${c.appointmentId} no-show`, `🚫 #${c.appointmentId} hakufika`),
  commission: (c, lang) =>
    L(
      lang,
      `🧮 Commission for ${c.staffName}, ${month(c.month, lang)}`,
      `🧮 Kamisheni ya ${c.staffName}, ${month(c.month, lang)}`,
    ),
  close_month: (c, lang) =>
    L(
      lang,
      `🔒 Close ${month(c.month, lang)} (freeze every staff member's commission)`,
      `🔒 Funga ${month(c.month, lang)} (kamisheni za wafanyakazi wote)`,
    ),
  take_over: (c, lang) =>
    L(
      lang,
      `🙋 Take over ${c.code ?? c.phone ?? ''}`,
      `🙋 Chukua mazungumzo ${c.code ?? c.phone ?? ''}`,
    ),
};

export function echo(c: AdminCommand, lang: Lang): string | null {
  const line = ECHO[c.type] as ((c: AdminCommand, lang: Lang) => string) | undefined;
  return line ? line(c, lang) : null;
}

export function problem(p: AdminProblem, lang: Lang): string {
  switch (p.problem) {
    case 'unknown_staff':
      return L(
        lang,
        `I don't know a staff member called “${p.word ?? ''}”.${p.suggestion ? ` Did you mean ${p.suggestion}?` : ''}`,
        `Simjui mfanyakazi anayeitwa “${p.word ?? ''}”.${p.suggestion ? ` Ulimaanisha ${p.suggestion}?` : ''}`,
      );
    case 'unknown_service':
      return L(
        lang,
        `I don't know that service${p.word ? ` (“${p.word}”)` : ''}.${p.suggestion ? ` Did you mean ${p.suggestion}?` : ''}`,
        `Sijui huduma hiyo${p.word ? ` (“${p.word}”)` : ''}.${p.suggestion ? ` Ulimaanisha ${p.suggestion}?` : ''}`,
      );
    case 'ambiguous_date':
      return L(
        lang,
        `Which day exactly? e.g. “${day(p.date ?? '2026-01-05', lang)}”.`,
        `Siku gani hasa? mf. “${day(p.date ?? '2026-01-05', lang)}”.`,
      );
    case 'past_date':
      return L(
        lang,
        `${day(p.date ?? '', lang)} has already passed — I can only change today or later.`,
        `${day(p.date ?? '', lang)} imeshapita — naweza kubadilisha leo au baadaye tu.`,
      );
    case 'missing':
      return L(
        lang,
        `I need the ${p.word ?? 'details'} for that.`,
        `Nahitaji ${SW_MISSING[p.word ?? ''] ?? 'maelezo zaidi'} kwa hilo.`,
      );
  }
}
const SW_MISSING: Record<string, string> = {
  date: 'tarehe',
  time: 'saa',
  staff: 'jina la mfanyakazi',
  price: 'bei',
  booking: 'namba ya miadi (#12)',
  customer: 'namba ya simu ya mteja au E1',
  name: 'jina',
  text: 'ujumbe',
};

export const HELP: Record<Lang, string> = {
  en: [
    'Owner commands (free text):',
    '• bookings today / tomorrow / Friday / Wanjiku Friday',
    '• who is free at 3pm · takings today',
    '• block Wanjiku Friday 2pm-5pm · Baraka day off Saturday · close the salon on 24/12',
    '• book Mary 0712 345 678 braids Friday 10am with Wanjiku',
    '• haircut price 900 · pedicure takes 75 min · pause massage · add service Dreadlocks 2500 120 min · add staff Njeri',
    '• note: we have parking behind the building',
    '• done #12 10:05-11:40 tip 200 · #12 no show',
    '• refund R2 done (a refund task you sent)',
    '• take over 0712 345 678 · hand back · reply E1 <text> · dismiss E1',
    '• open extra hours Sunday 10am-2pm · Wanjiku works Friday 7pm-9pm · Njeri does braids and pedicure',
    '• commission for Wanjiku this month · close November · amend November for Wanjiku: add 500 tip',
  ].join('\n'),
  sw: [
    'Amri za mwenye saluni:',
    '• miadi ya leo / kesho / Ijumaa / Wanjiku Ijumaa',
    '• nani yuko huru saa tisa · mapato ya leo',
    '• zuia Wanjiku Ijumaa saa nane hadi saa kumi · Baraka likizo Jumamosi · funga saluni tarehe 24/12',
    '• weka Mary 0712 345 678 kusuka Ijumaa saa nne na Wanjiku',
    '• bei ya kunyoa 900 · sitisha masaji · ongeza huduma Dreadlocks 2500 dakika 120 · ongeza mfanyakazi Njeri',
    '• taarifa: kuna parking nyuma ya jengo',
    '• imekamilika #12 · #12 hakufika',
    '• rejesho R2 limefanyika (marejesho uliyotuma)',
    '• chukua 0712 345 678 · rudisha · jibu E1 <ujumbe> · puuza E1',
    '• fungua saluni Jumapili saa nne hadi saa nane · Njeri anafanya kusuka na pedicure',
    '• kamisheni ya Wanjiku mwezi huu · funga Novemba · rekebisha Novemba ya Wanjiku: ongeza 500 bakshishi',
  ].join('\n'),
};

export function apptLine(a: AdminAppointment, lang: Lang): string {
  const name = a.customerName ?? a.customerPhone ?? L(lang, 'customer', 'mteja');
  const status = a.status === 'booked' || a.status === 'confirmed' ? '' : ` [${a.status}]`;
  return `#${a.id} ${time(a.start)} ${a.serviceName} — ${name} (${a.staffName})${status}`;
}

export function agenda(list: AdminAppointment[], lang: Lang): string {
  if (list.length === 0) return L(lang, 'No bookings.', 'Hakuna miadi.');
  return list.map((a) => apptLine(a, lang)).join('\n');
}

export function digest(d: DigestData, openEscalations: number, lang: Lang): string {
  const staff = d.perStaff.map(
    (s) =>
      `• ${s.staffName}: ${s.count}${s.first ? L(lang, ` (first ${s.first})`, ` (wa kwanza ${s.first})`) : ''}`,
  );
  return [
    L(
      lang,
      `☀️ Good morning! ${day(d.date, lang)}: ${d.total} booking${d.total === 1 ? '' : 's'}.`,
      `☀️ Habari za asubuhi! ${day(d.date, lang)}: miadi ${d.total}.`,
    ),
    ...staff,
    L(
      lang,
      `Yesterday's takings: ${money(d.yesterdayTakingsKesMinor)}${d.yesterdayMpesaKesMinor ? ` (M-Pesa in: ${money(d.yesterdayMpesaKesMinor)})` : ''} · no-shows: ${d.noShowsYesterday}`,
      `Mapato ya jana: ${money(d.yesterdayTakingsKesMinor)}${d.yesterdayMpesaKesMinor ? ` (M-Pesa: ${money(d.yesterdayMpesaKesMinor)})` : ''} · hawakufika: ${d.noShowsYesterday}`,
    ),
    ...(d.overnight ? overnight(d.overnight, lang) : []),
    L(lang, `Open escalations: ${openEscalations}`, `Wateja wanaosubiri: ${openEscalations}`),
  ].join('\n');
}

const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "Overnight: 2 holds released, 1 payment confirmed late" (nothing when the night was quiet). */
export function overnight(r: PaymentReaperReport, lang: Lang): string[] {
  const parts =
    lang === 'sw'
      ? [
          r.holdsReleased > 0 ? `nafasi ${r.holdsReleased} zilizoshikiliwa zimeachiliwa` : '',
          r.confirmedLate > 0 ? `malipo ${r.confirmedLate} yamethibitishwa kwa kuchelewa` : '',
          r.failed > 0 ? `malipo ${r.failed} hayakufanikiwa` : '',
          r.stillOpen > 0 ? `malipo ${r.stillOpen} bado hayajajulikana` : '',
        ]
      : [
          r.holdsReleased > 0 ? `${n(r.holdsReleased, 'hold', 'holds')} released` : '',
          r.confirmedLate > 0 ? `${n(r.confirmedLate, 'payment', 'payments')} confirmed late` : '',
          r.failed > 0 ? `${n(r.failed, 'payment', 'payments')} failed` : '',
          r.stillOpen > 0 ? `${n(r.stillOpen, 'payment', 'payments')} still undecided` : '',
        ];
  const said = parts.filter(Boolean);
  return said.length === 0 ? [] : [`${L(lang, 'Overnight', 'Usiku')}: ${said.join(', ')}`];
}

export const REASONS: Record<string, [string, string]> = {
  slot_taken: ['that time is taken', 'muda huo umechukuliwa'],
  outside_hours: ["that's outside working hours", 'ni nje ya saa za kazi'],
  too_soon: ["that's too soon to book", 'ni mapema mno'],
  too_far: ["that's too far ahead", 'ni mbali mno'],
  not_found: ['there is no such booking', 'hakuna miadi hiyo'],
  not_started: ["it hasn't started yet", 'bado haijaanza'],
  already_completed: ["it's already marked done", 'imeshakamilika'],
  already_no_show: ["it's already marked no-show", 'imeshawekwa hakufika'],
  already_cancelled: ['it was cancelled', 'ilighairiwa'],
  bad_actuals: ['the end is before the start', 'mwisho uko kabla ya mwanzo'],
  no_such_customer: ['no customer has that number', 'hakuna mteja mwenye namba hiyo'],
  ...EXTRA_REASONS,
  no_such_refund: ['there is no such refund', 'hakuna marejesho hayo'],
  refund_already_done: ["it's already marked done", 'yameshawekwa kuwa yamefanyika'],
  refund_automatic: [
    'that refund goes back through M-Pesa by itself',
    'marejesho hayo yanarudi kupitia M-Pesa yenyewe',
  ],
};

export const reason = (r: string, lang: Lang) => {
  const x = REASONS[r];
  return x ? x[lang === 'sw' ? 1 : 0] : r;
};
