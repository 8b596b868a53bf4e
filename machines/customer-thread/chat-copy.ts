import type { Effect } from '../../contract';
import { when } from './format';
import type { Args } from './guard-kit';
import { payMethod } from './payment-guards';
import { bookedMessage, svcName, t, text, whenAsked } from './replies';
import type { CustomerThreadEvent, ThreadContext } from './types';

/**
 * "Send it to me on WhatsApp" / "nitumie kwa WhatsApp" during a call: where the conversation
 * stands goes to the customer's WhatsApp (what was booked on the call, the booking under way, a
 * payment still awaited), the call says so, and nothing else moves: the caller goes on talking,
 * or goes on in the chat where the call stopped. The runtime sends a template when WhatsApp's
 * 24-hour window is closed.
 */

const CHAT = /\b(whats ?app|wh?atsap+|wasap+|watsap+)\b/;
const SEND =
  /\b(send|sent|text|message|share|forward|drop|put|nitumie|unitumie|nitumia|nitumiye|tuma|tutumie|kunitumia|niwekee)\b/;

/** True when the words ask for the conversation on WhatsApp ("send that to my WhatsApp"). */
export function asksForChatCopy(words: string): boolean {
  const s = words.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ');
  return CHAT.test(s) && (SEND.test(s) || /\bwhats ?app me\b/.test(s));
}

export const CHAT_COPY_GUARDS = {
  /** A caller's request, on a call, for the conversation on WhatsApp. */
  wantsChatCopy: ({ context, event }: Args) =>
    event.type === 'message' &&
    event.channel === 'voice' &&
    !event.replyId &&
    context.call != null &&
    typeof event.text === 'string' &&
    asksForChatCopy(event.text.slice(0, 300)),
};

/** The lines of the summary: bookings of the call, a payment awaited, the booking under way. */
function summary(c: ThreadContext): string[] {
  const lines = (c.call?.booked ?? []).map((b) => bookedMessage(c, b).text);
  const b = c.booked;
  if (b && b.status === 'pending_payment') {
    const card = payMethod(c) === 'pesapal';
    lines.push(
      t(c, card ? 'chatCopyHeldCard' : 'chatCopyHeld', {
        service: svcName(c, b.serviceId) || b.serviceName,
        when: when(b.start, c.lang),
        ...(card && c.cardLink ? { summary: c.cardLink } : {}),
      }),
    );
  } else if (c.draft.serviceId !== null) {
    const asked = whenAsked(c.draft, c.lang);
    lines.push(
      t(c, 'chatCopyDraft', { service: svcName(c, c.draft.serviceId), when: asked || undefined }),
    );
  }
  return lines;
}

/** Where the conversation stands, for the customer's chat. */
function chatSummary(c: ThreadContext): string {
  const lines = summary(c);
  return [
    t(c, 'chatCopyHead'),
    ...(lines.length ? lines : [t(c, 'chatCopyNothing')]),
    t(c, 'chatCopyGoOn'),
  ].join('\n');
}

export const CHAT_COPY_FX = {
  chatCopy: (c: ThreadContext, _e: CustomerThreadEvent): Effect[] => [
    { type: 'reply', message: text(chatSummary(c)), channel: 'whatsapp' },
    { type: 'reply', message: text(t(c, 'chatCopySent')) },
  ],
  /**
   * The call ended while its booking waits for M-Pesa: the chat (where follow-ups now go) is
   * told the time is held; the payment's outcome follows there.
   */
  callHeld: (c: ThreadContext, _e: CustomerThreadEvent): Effect[] => [
    { type: 'reply', message: text(chatSummary(c)) },
  ],
};

export const CHAT_COPY_GUARDS_AFTER_CALL = {
  /** A booking of this call still waits for its payment. */
  payingOnCall: ({ context }: Args) =>
    context.call != null && context.booked?.status === 'pending_payment',
};
