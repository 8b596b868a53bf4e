/**
 * What the admin thread does with call results (`working`), the owner's answer to a
 * confirmation (`confirming`) and a reply being typed (`replying`). Pure.
 */
import type {
  AdminCallKinds,
  AdminAppointment,
  AdminCommand,
  AffectedDecision,
} from '../../contract';
import type { Effect, OutboundMessage } from '../../contract';
import { agenda, apptLine, echo, reason } from './copy';
import { askFor, extraBefore } from './copy-extra';
import { fromReady } from './commands';
import { sendReply, startTalking } from './conversations';
import { call, commandOf, L, reply, say, stay, yesNo } from './helpers';
import { day, money, month } from './format';
import { noticeText, toCustomer } from './notices';
import type {
  AdminContext,
  AdminMessageEvent,
  AdminThreadEvent,
  Lang,
  Pending,
  Step,
} from './types';

type R<K extends keyof AdminCallKinds> = AdminCallKinds[K]['result'];

export function fromWorking(c: AdminContext, e: AdminThreadEvent): Step {
  const p = c.pending;
  const lang = c.lang;
  if (e.type === 'message') {
    return {
      next: 'working',
      patch: {},
      effects: [
        say(L(lang, '⏳ One moment, still on the last one…', '⏳ Subiri kidogo, bado namalizia…')),
      ],
    };
  }
  if (!p) return stay([], { pending: null });
  if (e.type === 'effect.failed')
    return stay(
      [
        say(
          L(
            lang,
            `Sorry, that didn't go through (${e.error.slice(0, 80)}). Please try again.`,
            `Samahani, haikufanikiwa. Tafadhali jaribu tena.`,
          ),
        ),
      ],
      { pending: null },
    );
  if (e.type !== 'call.result') return { next: 'working', patch: {}, effects: [] };
  switch (e.kind) {
    case 'admin.query':
      return stay([say(queryText(p.command, e.result as R<'admin.query'>, lang))], {
        pending: null,
      });
    case 'admin.preview':
      return previewed(c, p, e.result as R<'admin.preview'>);
    case 'admin.apply':
      return applied(c, p, e.result as R<'admin.apply'>);
    default:
      return { next: 'working', patch: {}, effects: [] };
  }
}

function queryText(cmd: AdminCommand, r: R<'admin.query'>, lang: Lang): string {
  switch (r.kind) {
    case 'agenda':
      return agenda(r.appointments, lang);
    case 'free':
      return r.staff.length
        ? L(lang, `Free: ${r.staff.join(', ')}`, `Wako huru: ${r.staff.join(', ')}`)
        : L(lang, 'Nobody is free then.', 'Hakuna aliye huru wakati huo.');
    case 'takings':
      return [
        L(
          lang,
          `${money(r.totalKesMinor)} from ${r.count} completed booking${r.count === 1 ? '' : 's'} (tips ${money(r.tipsKesMinor)}).`,
          `${money(r.totalKesMinor)} kutoka miadi ${r.count} iliyokamilika (bakshishi ${money(r.tipsKesMinor)}).`,
        ),
        ...byMethod(r, lang),
      ].join('\n');
    case 'commission': {
      const m = cmd.type === 'commission' ? month(cmd.month, lang) : '';
      return L(
        lang,
        `${m}: ${r.appointments} completed, revenue ${money(r.revenueKesMinor)}, commission ${money(r.commissionKesMinor)}${r.closed ? ' (closed)' : ' (so far)'}.`,
        `${m}: miadi ${r.appointments}, mapato ${money(r.revenueKesMinor)}, kamisheni ${money(r.commissionKesMinor)}${r.closed ? ' (imefungwa)' : ' (hadi sasa)'}.`,
      );
    }
    case 'refused':
      return reason(r.reason, lang);
  }
}

function previewed(c: AdminContext, p: Pending, r: R<'admin.preview'>): Step {
  const lang = c.lang;
  const line = echo(p.command, lang) ?? '';
  if (!r.ok) return stay([say(`${line}\n${reason(r.reason, lang)}`)], { pending: null });
  const pending = { ...p, waiting: null, affected: r.affected, before: r.before ?? null };
  if (r.affected.length > 0) {
    const lines = r.affected.map((a) => apptLine(a, lang)).join('\n');
    const msg: OutboundMessage = {
      kind: 'buttons',
      text: `${line}\n${L(lang, `This hits ${r.affected.length} booking${r.affected.length === 1 ? '' : 's'}:`, `Hii inagusa miadi ${r.affected.length}:`)}\n${lines}\n${L(lang, 'Keep them, cancel them, or move them? (the customers are told) — or “no” to leave it.', 'Ziache, zighairi, au zihamishe? (wateja wataambiwa) — au “hapana” kuacha.')}`.slice(
        0,
        1024,
      ),
      buttons: [
        { id: 'adm:keep', title: L(lang, 'Keep them', 'Ziache') },
        { id: 'adm:cancel', title: L(lang, 'Cancel & tell', 'Ghairi, waambie') },
        { id: 'adm:move', title: L(lang, 'Move & tell', 'Hamisha, waambie') },
      ],
    };
    return { next: 'confirming', patch: { pending }, effects: [reply(msg)] };
  }
  const before = beforeLine(p.command, r.before, lang);
  const body = `${line}${before ? `\n${before}` : ''}\n${askFor(p.command, lang)}`;
  return { next: 'confirming', patch: { pending }, effects: [reply(yesNo(body, lang))] };
}

function beforeLine(cmd: AdminCommand, before: string | undefined, lang: Lang): string | null {
  if (before === undefined) return null;
  if (cmd.type === 'set_price')
    return L(lang, `(now ${money(Number(before))})`, `(sasa ${money(Number(before))})`);
  if (cmd.type === 'set_duration') return L(lang, `(now ${before} min)`, `(sasa dakika ${before})`);
  return extraBefore(cmd, before, lang);
}

function applied(c: AdminContext, p: Pending, r: R<'admin.apply'>): Step {
  const lang = c.lang;
  if (!r.ok)
    return stay(
      [say(`${L(lang, "Couldn't do that", 'Imeshindikana')}: ${reason(r.reason, lang)}.`)],
      { pending: null },
    );
  if (p.command.type === 'take_over' && r.customer)
    return {
      ...startTalking(c, r.customer, lang),
      patch: { ...startTalking(c, r.customer, lang).patch, pending: null },
    };
  const effects: Effect[] = r.notices.map((n) => toCustomer(n.threadKey, noticeText(n)));
  effects.push(say(doneText(p.command, r.summary, r.notices.length, lang)));
  return stay(effects, { pending: null });
}

function doneText(cmd: AdminCommand, summary: string, told: number, lang: Lang): string {
  const tail =
    told > 0
      ? L(lang, ` ${told} customer${told === 1 ? '' : 's'} told.`, ` Wateja ${told} wameambiwa.`)
      : '';
  if (cmd.type === 'walk_in')
    return L(
      lang,
      `✅ Booked ${summary} for ${cmd.name}; they got the confirmation.`,
      `✅ Nimemwekea ${cmd.name} ${summary}; amepata uthibitisho.`,
    );
  if (cmd.type === 'close_month') {
    const [n] = summary.split('/');
    return L(
      lang,
      `🔒 ${month(cmd.month, lang)} closed (${n} new period${n === '1' ? '' : 's'}; closing again changes nothing).`,
      `🔒 ${month(cmd.month, lang)} imefungwa (vipindi vipya ${n}).`,
    );
  }
  if (cmd.type === 'holiday')
    return L(
      lang,
      `✅ Closed on ${day(cmd.date, lang)}.${tail}`,
      `✅ Imefungwa ${day(cmd.date, lang)}.${tail}`,
    );
  return `✅ ${L(lang, 'Done', 'Imekamilika')}: ${echo(cmd, lang) ?? ''}${tail}`;
}

const DECISIONS: Record<string, AffectedDecision> = {
  'adm:keep': 'keep',
  'adm:cancel': 'cancel',
  'adm:move': 'move',
};

function decisionOf(e: AdminMessageEvent): AffectedDecision | undefined {
  const tapped = DECISIONS[e.replyId ?? ''];
  if (tapped) return tapped;
  const t = (e.text ?? '').trim().toLowerCase();
  if (/^(keep|keep them|ziache|acha ziwe)$/.test(t)) return 'keep';
  if (/^(cancel|cancel them|cancel & tell|ghairi|zighairi)$/.test(t)) return 'cancel';
  if (/^(move|move them|move & tell|hamisha|zihamishe|sogeza)$/.test(t)) return 'move';
  return undefined;
}

export function fromConfirming(c: AdminContext, e: AdminThreadEvent): Step {
  if (e.type !== 'message' || !c.pending) return { next: 'confirming', patch: {}, effects: [] };
  const { cmd, lang } = commandOf(c, e);
  const p = c.pending;
  const decision = decisionOf(e);
  const yes = e.replyId === 'adm:yes' || (!e.replyId && cmd.type === 'yes');
  const no = e.replyId === 'adm:no' || (!e.replyId && cmd.type === 'no');
  const apply = (d?: AffectedDecision): Step => ({
    next: 'working',
    patch: { lang, pending: { ...p, waiting: 'admin.apply' } },
    effects: [
      call('admin.apply', {
        command: p.command,
        adminThread: c.threadKey,
        ...(d ? { decision: d } : {}),
      }),
    ],
  });
  if (no)
    return stay([say(L(lang, 'OK — nothing changed.', 'Sawa — hakuna kilichobadilika.'))], {
      lang,
      pending: null,
    });
  if (p.affected.length > 0) {
    if (decision) return apply(decision);
    if (yes)
      return {
        next: 'confirming',
        patch: { lang },
        effects: [
          say(
            L(lang, 'Keep, cancel or move the bookings?', 'Ziache, zighairi au zihamishe miadi?'),
          ),
        ],
      };
  } else if (yes) return apply(p.affected.length ? undefined : 'keep');
  // Something else: the owner moved on; the change is dropped.
  return fromReady({ ...c, pending: null }, e);
}

export function fromReplying(c: AdminContext, e: AdminThreadEvent): Step {
  if (e.type !== 'message') return { next: 'replying', patch: {}, effects: [] };
  const { cmd, lang } = commandOf(c, e);
  if (cmd.type === 'no' || e.replyId) return fromReady({ ...c, replyTo: null }, e);
  return sendReply(c, c.replyTo ?? undefined, e.text ?? '', lang);
}

export type { AdminAppointment };

/** "Money in: M-Pesa KES 400 · at the salon KES 3,100", once M-Pesa is part of the day. */
function byMethod(r: { mpesaKesMinor?: number; salonKesMinor?: number }, lang: Lang): string[] {
  const mpesa = r.mpesaKesMinor ?? 0;
  const salon = r.salonKesMinor ?? 0;
  if (mpesa <= 0) return [];
  return [
    L(
      lang,
      `Money in: M-Pesa ${money(mpesa)} · at the salon ${money(salon)} · total ${money(mpesa + salon)}`,
      `Pesa iliyoingia: M-Pesa ${money(mpesa)} · saluni ${money(salon)} · jumla ${money(mpesa + salon)}`,
    ),
  ];
}
