/**
 * The owner's messages: what each command does from `ready` (and from `confirming` when the
 * owner moves on to something else). Pure: (context, event) -> next state, changes, effects.
 */
import type { AdminCallKind, AdminCommand } from '../../contract/admin';
import type { Effect, OutboundMessage } from '../contract';
import { echo, HELP, problem } from './copy';
import { toCustomer } from './notices';
import type { AdminContext, AdminMessageEvent, Escalation, Lang, Step } from './types';

export const text = (t: string): OutboundMessage => ({ kind: 'text', text: t.slice(0, 4096) });
export const reply = (m: OutboundMessage): Effect => ({ type: 'reply', message: m });
export const say = (t: string): Effect => reply(text(t));
export const L = (lang: Lang, en: string, sw: string) => (lang === 'sw' ? sw : en);
export const call = (kind: AdminCallKind, payload: Record<string, unknown>): Effect => ({
  type: 'call',
  kind,
  payload,
});

export const audited = (action: string, target: string | null): Effect =>
  call('admin.audit', { action, target });

export const stay = (effects: Effect[], patch: Partial<AdminContext> = {}): Step => ({
  next: 'ready',
  patch,
  effects,
});

const QUERIES = new Set(['agenda', 'free', 'takings', 'commission']);
const PREVIEWED = new Set([
  'block',
  'day_off',
  'holiday',
  'set_price',
  'set_duration',
  'pause_service',
  'resume_service',
  'add_service',
  'add_staff',
  'add_knowledge',
]);
const DIRECT = new Set(['walk_in', 'mark_done', 'no_show']);

/** The command of a message, and the language the owner wrote in. */
export function commandOf(
  c: AdminContext,
  e: AdminMessageEvent,
): { cmd: AdminCommand; lang: Lang } {
  const lang = e.admin?.language === 'sw' ? 'sw' : e.admin?.language === 'en' ? 'en' : c.lang;
  return { cmd: e.admin?.command ?? { type: 'unknown' }, lang };
}

export const openEscalation = (c: AdminContext, code?: string): Escalation | undefined =>
  code ? c.escalations.find((x) => x.code === code) : c.escalations.at(-1);

/** Escalation taps: `esc:reply:E1`, `esc:take:E1`, `esc:dismiss:E1`. */
export function escalationTap(
  replyId: string | undefined,
): { action: string; code: string } | undefined {
  const m = /^esc:(reply|take|dismiss):(E\d{1,4})$/.exec(replyId ?? '');
  return m ? { action: m[1]!, code: m[2]! } : undefined;
}

export function fromReady(c: AdminContext, e: AdminMessageEvent): Step {
  const tap = escalationTap(e.replyId);
  const { cmd, lang } = commandOf(c, e);
  const base = { lang };
  if (tap?.action === 'reply') return onReplyTap(c, tap.code, lang);
  if (tap?.action === 'take') return takeOver(c, { type: 'take_over', code: tap.code }, lang);
  if (tap?.action === 'dismiss') return dismiss(c, tap.code, lang);
  const line = echo(cmd, lang);
  const pending = (waiting: AdminCallKind | null) => ({
    command: cmd,
    waiting,
    affected: [],
    before: null,
  });
  if (QUERIES.has(cmd.type))
    return {
      next: 'working',
      patch: { ...base, pending: pending('admin.query') },
      effects: [say(line!), call('admin.query', { command: cmd })],
    };
  if (PREVIEWED.has(cmd.type))
    return {
      next: 'working',
      patch: { ...base, pending: pending('admin.preview') },
      effects: [call('admin.preview', { command: cmd })],
    };
  if (DIRECT.has(cmd.type))
    return {
      next: 'working',
      patch: { ...base, pending: pending('admin.apply') },
      effects: [say(line!), call('admin.apply', { command: cmd, adminThread: c.threadKey })],
    };
  switch (cmd.type) {
    case 'close_month':
      return {
        next: 'confirming',
        patch: { ...base, pending: pending(null) },
        effects: [
          reply(
            yesNo(
              `${line}\n${L(lang, 'This cannot be undone (only amended). Go ahead?', 'Haiwezi kurudishwa (inaweza kurekebishwa tu). Niendelee?')}`,
              lang,
            ),
          ),
        ],
      };
    case 'take_over':
      return takeOver(c, cmd, lang);
    case 'hand_back':
      return handBack(c, lang);
    case 'reply':
      return sendReply(c, cmd.code, cmd.text, lang);
    case 'dismiss':
      return dismiss(c, cmd.code, lang);
    case 'problem':
      return stay([say(problem(cmd, lang))], base);
    case 'yes':
    case 'no':
      return stay(
        [
          say(
            L(
              lang,
              'Nothing is waiting for a yes or no. Type “help” for what I can do.',
              'Hakuna kinachosubiri ndiyo au hapana. Andika “msaada” kuona ninachoweza.',
            ),
          ),
        ],
        base,
      );
    case 'help':
      return stay([say(HELP[lang])], base);
    default:
      // Talking to a customer: what is not a command goes to them.
      if (c.talkingTo && typeof e.text === 'string' && e.text.trim())
        return stay([toCustomer(c.talkingTo.threadKey, e.text.trim().slice(0, 4000))], base);
      if (c.replyTo) return sendReply(c, c.replyTo, e.text, lang);
      return stay(
        [
          say(
            L(
              lang,
              "Sorry, I didn't get that. Type “help” for the commands.",
              'Samahani, sijaelewa. Andika “msaada” kuona amri.',
            ),
          ),
        ],
        base,
      );
  }
}

export function yesNo(body: string, lang: Lang): OutboundMessage {
  return {
    kind: 'buttons',
    text: body.slice(0, 1024),
    buttons: [
      { id: 'adm:yes', title: L(lang, 'Yes', 'Ndiyo') },
      { id: 'adm:no', title: L(lang, 'No', 'Hapana') },
    ],
  };
}

function onReplyTap(c: AdminContext, code: string, lang: Lang): Step {
  const esc = openEscalation(c, code);
  if (!esc)
    return stay([say(L(lang, `${code} is already closed.`, `${code} imeshafungwa.`))], { lang });
  return {
    next: 'replying',
    patch: { lang, replyTo: code },
    effects: [
      say(
        L(
          lang,
          `Type your reply to ${esc.label} (${code}):`,
          `Andika jibu lako kwa ${esc.label} (${code}):`,
        ),
      ),
    ],
  };
}

export function sendReply(
  c: AdminContext,
  code: string | undefined,
  body: string,
  lang: Lang,
): Step {
  const target = code ? openEscalation(c, code) : c.talkingTo ? undefined : openEscalation(c);
  const trimmed = body.trim().slice(0, 4000);
  if (!target && c.talkingTo && !code)
    return stay([toCustomer(c.talkingTo.threadKey, trimmed)], { lang, replyTo: null });
  if (!target)
    return stay(
      [say(L(lang, 'No customer is waiting for a reply.', 'Hakuna mteja anayesubiri jibu.'))],
      { lang, replyTo: null },
    );
  return stay(
    [
      toCustomer(target.threadKey, trimmed),
      { type: 'timer.cancel', key: `esc:${target.code}` },
      audited('reply', target.threadKey),
      say(
        L(
          lang,
          `✉️ Sent to ${target.label} (${target.code}).`,
          `✉️ Imetumwa kwa ${target.label} (${target.code}).`,
        ),
      ),
    ],
    {
      lang,
      replyTo: null,
      escalations: c.escalations.map((x) =>
        x.code === target.code ? { ...x, answered: true } : x,
      ),
    },
  );
}

function dismiss(c: AdminContext, code: string | undefined, lang: Lang): Step {
  const esc = openEscalation(c, code);
  if (!esc)
    return stay([say(L(lang, 'No open escalation to dismiss.', 'Hakuna ombi la kupuuza.'))], {
      lang,
    });
  return stay(
    [
      { type: 'timer.cancel', key: `esc:${esc.code}` },
      audited('dismiss', esc.threadKey),
      say(
        L(lang, `Dismissed ${esc.code} (${esc.label}).`, `${esc.code} (${esc.label}) imepuuzwa.`),
      ),
    ],
    { lang, escalations: c.escalations.filter((x) => x.code !== esc.code) },
  );
}

export function takeOver(
  c: AdminContext,
  cmd: Extract<AdminCommand, { type: 'take_over' }>,
  lang: Lang,
): Step {
  if (cmd.code) {
    const esc = openEscalation(c, cmd.code);
    if (!esc)
      return stay([say(L(lang, `${cmd.code} is already closed.`, `${cmd.code} imeshafungwa.`))], {
        lang,
      });
    return startTalking(
      c,
      { threadKey: esc.threadKey, label: esc.label, language: esc.language },
      lang,
      esc.code,
    );
  }
  return {
    next: 'working',
    patch: { lang, pending: { command: cmd, waiting: 'admin.apply', affected: [], before: null } },
    effects: [call('admin.apply', { command: cmd, adminThread: c.threadKey })],
  };
}

export function startTalking(
  c: AdminContext,
  who: NonNullable<AdminContext['talkingTo']>,
  lang: Lang,
  code?: string,
): Step {
  const effects: Effect[] = [
    {
      type: 'thread.send',
      to: { threadKey: who.threadKey },
      event: { type: 'handoff.start', by: 'owner' },
    },
    audited('take_over', who.threadKey),
    say(
      L(
        lang,
        `🙋 You have ${who.label}'s conversation. What you type now goes to them; “hand back” returns them to the bot.`,
        `🙋 Sasa unaongea na ${who.label}. Unachoandika kinaenda kwao; “rudisha” kuwarudisha kwa bot.`,
      ),
    ),
  ];
  if (code) effects.push({ type: 'timer.cancel', key: `esc:${code}` });
  return stay(effects, {
    lang,
    talkingTo: who,
    replyTo: null,
    escalations: c.escalations.filter((x) => x.threadKey !== who.threadKey),
  });
}

function handBack(c: AdminContext, lang: Lang): Step {
  if (!c.talkingTo)
    return stay(
      [say(L(lang, "You haven't taken over a conversation.", 'Hujachukua mazungumzo yoyote.'))],
      { lang },
    );
  return stay(
    [
      {
        type: 'thread.send',
        to: { threadKey: c.talkingTo.threadKey },
        event: { type: 'handoff.end' },
      },
      audited('hand_back', c.talkingTo.threadKey),
      say(
        L(
          lang,
          `↩️ ${c.talkingTo.label} is back with the bot.`,
          `↩️ ${c.talkingTo.label} amerudishwa kwa bot.`,
        ),
      ),
    ],
    { lang, talkingTo: null },
  );
}
