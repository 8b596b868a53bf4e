/**
 * The owner's messages: what each command does from `ready` (and from `confirming` when the
 * owner moves on to something else). Pure: (context, event) -> next state, changes, effects.
 */
import { CATALOG_COMMAND_TYPES, type AdminCallKind, type AdminCommand } from '../../contract';
import { catalogPhotoStep } from './catalog-photos';
import { echo, HELP, problem } from './copy';
import { dismiss, handBack, onReplyTap, sendReply, takeOver } from './conversations';
import { call, commandOf, escalationTap, L, reply, say, stay, yesNo } from './helpers';
import { toCustomer } from './notices';
import type { AdminContext, AdminMessageEvent, Lang, Step } from './types';

const QUERIES = new Set(['agenda', 'free', 'takings', 'commission']);
const PREVIEWED = new Set([
  'block',
  'day_off',
  'holiday',
  ...CATALOG_COMMAND_TYPES,
  'extra_hours',
  'assign_services',
  'amend_commission',
]);
const DIRECT = new Set(['walk_in', 'mark_done', 'no_show', 'refund_done']);

/** The command of a message, and the language the owner wrote in. */
export function fromReady(c: AdminContext, e: AdminMessageEvent): Step {
  const tap = escalationTap(e.replyId);
  const { cmd, lang } = commandOf(c, e);
  if (tap?.action === 'reply') return onReplyTap(c, tap.code, lang);
  if (tap?.action === 'take') return takeOver(c, { type: 'take_over', code: tap.code }, lang);
  if (tap?.action === 'dismiss') return dismiss(c, tap.code, lang);
  const photo = catalogPhotoStep(c, e, lang);
  if (photo) return photo;
  return startCall(c, cmd, lang) ?? other(c, e, cmd, lang);
}

const pendingOf = (command: AdminCommand, waiting: AdminCallKind | null) => ({
  command,
  waiting,
  affected: [],
  before: null,
});

/** Queries run, changes are previewed, walk-ins and done / no-show go straight to `apply`. */
function startCall(c: AdminContext, cmd: AdminCommand, lang: Lang): Step | undefined {
  const line = echo(cmd, lang) ?? '';
  const working = (kind: AdminCallKind, effects: Step['effects']): Step => ({
    next: 'working',
    patch: { lang, pending: pendingOf(cmd, kind) },
    effects,
  });
  if (QUERIES.has(cmd.type))
    return working('admin.query', [say(line), call('admin.query', { command: cmd })]);
  if (PREVIEWED.has(cmd.type))
    return working('admin.preview', [call('admin.preview', { command: cmd })]);
  if (DIRECT.has(cmd.type))
    return working('admin.apply', [
      say(line),
      call('admin.apply', { command: cmd, adminThread: c.threadKey }),
    ]);
  if (cmd.type === 'close_month') {
    const ask = L(
      lang,
      'This cannot be undone (only amended). Go ahead?',
      'Haiwezi kurudishwa (inaweza kurekebishwa tu). Niendelee?',
    );
    return {
      next: 'confirming',
      patch: { lang, pending: pendingOf(cmd, null) },
      effects: [reply(yesNo(`${line}\n${ask}`, lang))],
    };
  }
  return undefined;
}

function other(c: AdminContext, e: AdminMessageEvent, cmd: AdminCommand, lang: Lang): Step {
  const base = { lang };
  if (cmd.type === 'take_over') return takeOver(c, cmd, lang);
  if (cmd.type === 'hand_back') return handBack(c, lang);
  if (cmd.type === 'reply') return sendReply(c, cmd.code, cmd.text, lang);
  if (cmd.type === 'dismiss') return dismiss(c, cmd.code, lang);
  if (cmd.type === 'problem') return stay([say(problem(cmd, lang))], base);
  if (cmd.type === 'yes' || cmd.type === 'no') return stay([say(NOTHING_WAITING[lang])], base);
  if (cmd.type === 'help') return stay([say(HELP[lang])], base);
  // Talking to a customer: what is not a command goes to them.
  if (c.talkingTo && typeof e.text === 'string' && e.text.trim())
    return stay([toCustomer(c.talkingTo.threadKey, e.text.trim().slice(0, 4000))], base);
  if (c.replyTo) return sendReply(c, c.replyTo, e.text, lang);
  return stay([say(NOT_UNDERSTOOD[lang])], base);
}

const NOTHING_WAITING: Record<Lang, string> = {
  en: 'Nothing is waiting for a yes or no. Type “help” for what I can do.',
  sw: 'Hakuna kinachosubiri ndiyo au hapana. Andika “msaada” kuona ninachoweza.',
};
const NOT_UNDERSTOOD: Record<Lang, string> = {
  en: "Sorry, I didn't get that. Type “help” for the commands.",
  sw: 'Samahani, sijaelewa. Andika “msaada” kuona amri.',
};
