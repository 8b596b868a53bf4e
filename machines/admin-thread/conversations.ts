/**
 * The owner and a customer: replies to an escalation, dismissing one, taking a conversation
 * over and handing it back. Pure.
 */
import type { AdminCommand, Effect } from '../../contract';
import { toCustomer } from './notices';
import { audited, call, L, openEscalation, say, stay } from './helpers';
import type { AdminContext, Lang, Step } from './types';

export function onReplyTap(c: AdminContext, code: string, lang: Lang): Step {
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

export function dismiss(c: AdminContext, code: string | undefined, lang: Lang): Step {
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

export function handBack(c: AdminContext, lang: Lang): Step {
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
