/** Small builders the admin thread's reducers share. */
import type { AdminCallKind, AdminCommand, Effect, OutboundMessage } from '../../contract';
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
