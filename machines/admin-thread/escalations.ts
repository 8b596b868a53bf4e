/**
 * Whatever state the owner's thread is in: customers asking for a person (relays from their
 * threads become escalations E1, E2, ...), the reminder of an unanswered one, and the digest.
 */
import type { AdminCallKinds } from '../../contract';
import type { Effect, OutboundMessage } from '../../contract';
import { digest } from './copy';
import { call, L, reply, say } from './helpers';
import { cap } from './format';
import { stillWaiting, toCustomer } from './notices';
import {
  ESCALATION_REMIND_MS,
  type AdminContext,
  type AdminThreadEvent,
  type Escalation,
  type Lang,
} from './types';

type Update = { patch: Partial<AdminContext>; effects: Effect[] };

const escalationCard = (esc: Escalation, lang: Lang, head: string): OutboundMessage => ({
  kind: 'buttons',
  text: cap(
    [
      head,
      L(lang, `They said: “${cap(esc.text, 300)}”`, `Wamesema: “${cap(esc.text, 300)}”`),
      esc.summary
        ? L(lang, `Conversation: ${cap(esc.summary, 400)}`, `Mazungumzo: ${cap(esc.summary, 400)}`)
        : null,
    ]
      .filter(Boolean)
      .join('\n'),
    1024,
  ),
  buttons: [
    { id: `esc:reply:${esc.code}`, title: L(lang, `Reply ${esc.code}`, `Jibu ${esc.code}`) },
    { id: `esc:take:${esc.code}`, title: L(lang, `Take over ${esc.code}`, `Chukua ${esc.code}`) },
    { id: `esc:dismiss:${esc.code}`, title: L(lang, `Dismiss ${esc.code}`, `Puuza ${esc.code}`) },
  ],
});

export function onRelay(c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type !== 'relay' || typeof e.fromThread !== 'string') return { patch: {}, effects: [] };
  const text = typeof e.text === 'string' ? e.text.slice(0, 1000) : '';
  const talking = c.talkingTo;
  if (talking?.threadKey === e.fromThread)
    return { patch: {}, effects: [say(`💬 ${talking.label}: ${text}`)] };
  const open = c.escalations.find((x) => x.threadKey === e.fromThread);
  if (open) {
    const escalations = c.escalations.map((x) =>
      x === open ? { ...x, text: cap(`${x.text} / ${text}`, 1000) } : x,
    );
    const line = `💬 ${open.label} (${open.code}): ${text}`;
    const effects: Effect[] = open.answered
      ? [
          reply({
            kind: 'buttons',
            text: cap(line, 1024),
            buttons: [
              {
                id: `esc:reply:${open.code}`,
                title: L(c.lang, `Reply ${open.code}`, `Jibu ${open.code}`),
              },
            ],
          }),
        ]
      : [say(line)];
    return { patch: { escalations }, effects };
  }
  const code = `E${c.nextCode}`;
  const esc: Escalation = {
    code,
    threadKey: e.fromThread,
    label: e.fromThread,
    language: 'en',
    text,
    summary: null,
    at: e.at,
    reminded: false,
  };
  return {
    patch: { escalations: [...c.escalations, esc].slice(-20), nextCode: c.nextCode + 1 },
    effects: [
      call('admin.customer', { threadKey: e.fromThread }),
      {
        type: 'timer.set',
        key: `esc:${code}`,
        fireAt: e.at + ESCALATION_REMIND_MS,
        event: { type: 'escalation.remind', code },
      },
    ],
  };
}

/** Who the customer is: now the owner gets the one message about them, with taps. */
export function onCustomer(c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type !== 'call.result' || e.kind !== 'admin.customer') return { patch: {}, effects: [] };
  const r = e.result as AdminCallKinds['admin.customer']['result'];
  const esc = c.escalations.find((x) => x.threadKey === r.threadKey);
  if (!esc) return { patch: {}, effects: [] };
  const known = {
    ...esc,
    label: cap(r.label, 80),
    language: r.language === 'sw' ? ('sw' as const) : ('en' as const),
    summary: r.summary || null,
  };
  const head = L(
    c.lang,
    `🙋 ${known.label} wants to talk to someone (${esc.code}).`,
    `🙋 ${known.label} anataka kuongea na mtu (${esc.code}).`,
  );
  return {
    patch: { escalations: c.escalations.map((x) => (x === esc ? known : x)) },
    effects: [reply(escalationCard(known, c.lang, head))],
  };
}

export function onRemind(c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type !== 'escalation.remind') return { patch: {}, effects: [] };
  const esc = c.escalations.find((x) => x.code === e.code);
  if (!esc || esc.reminded || esc.answered) return { patch: {}, effects: [] };
  const head = L(
    c.lang,
    `⏰ ${esc.label} is still waiting for an answer (${esc.code}).`,
    `⏰ ${esc.label} bado anasubiri jibu (${esc.code}).`,
  );
  return {
    patch: { escalations: c.escalations.map((x) => (x === esc ? { ...x, reminded: true } : x)) },
    effects: [
      reply(escalationCard(esc, c.lang, head)),
      toCustomer(esc.threadKey, stillWaiting(esc.language)),
    ],
  };
}

export function onDigestDue(_c: AdminContext, e: AdminThreadEvent): Update {
  return e.type === 'digest.due'
    ? { patch: {}, effects: [call('admin.digest', {})] }
    : { patch: {}, effects: [] };
}

export function onDigest(c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type !== 'call.result' || e.kind !== 'admin.digest') return { patch: {}, effects: [] };
  const r = e.result as AdminCallKinds['admin.digest']['result'];
  const effects: Effect[] = [];
  const waiting = c.escalations.filter((x) => !x.answered).length;
  if (!r.skip) effects.push(say(digest(r.data, waiting, c.lang)));
  if (typeof r.nextAt === 'number' && r.nextAt > e.at)
    effects.push({
      type: 'timer.set',
      key: 'digest',
      fireAt: r.nextAt,
      event: { type: 'digest.due' },
    });
  return { patch: {}, effects };
}
