import { CARD_ABANDON_MS, CARD_NUDGE_MS, type Effect } from '../../contract';
import { amountToPay } from './catalog';
import type { CopyKey } from './copy';
import { cap, money } from './format';
import { PAYMENT_TIMEOUT_MS, VOICE_PAYMENT_TIMEOUT_MS } from './guards';
import { payMethod } from './payment-guards';
import { readPaymentStatus, resultOf } from './results';
import { call, reply, type Fx, menu, t, text } from './replies';
import type { CustomerThreadEvent, ThreadContext } from './types';

/**
 * The payment effects of the customer thread: the request with its deadline and 60 s check,
 * asking the provider (`payment.query`) when a callback or the check comes, giving up or paying
 * at the salon, and the news of late payments and refunds.
 */

const paymentTimer = (id: number) => `payment:${id}`;
const checkTimer = (id: number) => `payment.check:${id}`;
/** No callback yet: the provider is asked after this long, then every `RECHECK_MS`. */
export const PAYMENT_CHECK_MS = 60_000;
export const RECHECK_MS = 30_000;

/** On a call a link can't be clicked: card links go to the customer's WhatsApp. */
const linkOut = (c: ThreadContext, message: ReturnType<typeof text>): Effect =>
  c.call ? { type: 'reply', message, channel: 'whatsapp' } : reply(message);

function withMenu(c: ThreadContext, key: CopyKey): Effect {
  const m = menu(c, false);
  return reply({ ...m, text: cap(`${t(c, key)} ${m.text}`, 1024) });
}

export const PAYMENT_FX = {
  cancelPaymentTimer: (c) =>
    c.booked
      ? [
          { type: 'timer.cancel', key: paymentTimer(c.booked.id) },
          { type: 'timer.cancel', key: checkTimer(c.booked.id) },
        ]
      : [],
  /** Ask the provider (a callback came, or the check timer fired): the query decides. */
  paymentQuery: (c, e) => {
    const id =
      (e.type === 'payment.callback' || e.type === 'payment.check') &&
      typeof e.appointmentId === 'number'
        ? e.appointmentId
        : c.booked?.id;
    return id === undefined ? [] : [call('payment.query', { appointmentId: id })];
  },
  // A card checkout is asked about on its IPN, at the nudge and at the end; not every 30 s.
  nextCheck: (c, e) =>
    c.booked && payMethod(c) === 'mpesa'
      ? [
          {
            type: 'timer.set',
            key: checkTimer(c.booked.id),
            fireAt: e.at + RECHECK_MS,
            event: { type: 'payment.check', appointmentId: c.booked.id },
          },
        ]
      : [],
  payWaive: (c) => (c.booked ? [call('payment.waive', { appointmentId: c.booked.id })] : []),
  payRelease: (c) => [
    ...(c.booked ? [call('payment.release', { appointmentId: c.booked.id })] : []),
    ...(c.booked
      ? ([
          { type: 'timer.cancel', key: paymentTimer(c.booked.id) },
          { type: 'timer.cancel', key: checkTimer(c.booked.id) },
        ] satisfies Effect[])
      : []),
    withMenu(c, 'payReleased'),
  ],
  /** A payment confirmed after the customer moved on: thank them, with the receipt. */
  paidLate: (c, e) => {
    const q = readPaymentStatus(resultOf(e, 'payment.query'));
    if (!q || q.status !== 'paid') return [];
    return [
      reply(
        text(
          t(c, 'paidLate', {
            ref: String(q.appointmentId),
            ...(q.paidMinor ? { paid: money(q.paidMinor, c.lang) } : {}),
            ...(q.receipt ? { summary: q.receipt } : {}),
          }),
        ),
      ),
    ];
  },
  refundNews: (c, e) => {
    const r = resultOf(e, 'payment.refund');
    const amount = typeof r?.amountMinor === 'number' ? r.amountMinor : 0;
    if (!r || amount <= 0 || (r.state !== 'submitted' && r.state !== 'manual')) return [];
    const sent = r.provider === 'pesapal' ? 'refundSentCard' : 'refundSent';
    const key = r.state === 'submitted' ? sent : 'refundManual';
    return [reply(text(t(c, key, { price: money(amount, c.lang) })))];
  },
  /**
   * Daraja took the STK push: now the prompt is on its way. Said before Daraja answered, a retry
   * after the hold had run out read "a payment prompt is on its way" then "the time was released".
   */
  payAsk: (c) =>
    c.booked
      ? [reply(text(t(c, 'payAsk', { price: money(amountToPay(c.settings, c.booked), c.lang) })))]
      : [],
  sendCardLink: (c, e) => {
    const url = resultOf(e, 'payment.request')?.redirectUrl;
    if (!c.booked || typeof url !== 'string') return [];
    const price = money(amountToPay(c.settings, c.booked), c.lang);
    const link = linkOut(c, text(t(c, 'payCardLink', { price, summary: url })));
    // On a call: said only now that PesaPal made the link and it went to WhatsApp.
    return c.call ? [link, reply(text(t(c, 'payCardSent', { price })))] : [link];
  },
  cardNudge: (c) => [
    linkOut(c, text(t(c, 'payCardNudge', c.cardLink ? { summary: c.cardLink } : {}))),
  ],
  /** Nobody paid the card checkout in 30 minutes: one last look, then the hold is released. */
  cardAbandon: (c) =>
    c.booked
      ? [
          call('payment.query', { appointmentId: c.booked.id }),
          call('payment.release', { appointmentId: c.booked.id }),
          { type: 'timer.cancel', key: checkTimer(c.booked.id) },
          withMenu(c, 'payCardAbandoned'),
        ]
      : [],
  payWaiting: (c) => {
    if (payMethod(c) !== 'pesapal') return [reply(text(t(c, 'payWaiting')))];
    const again = text(t(c, 'payCardWaiting', c.cardLink ? { summary: c.cardLink } : {}));
    // On a call: the link again on WhatsApp, and the call says so.
    return c.call && c.cardLink
      ? [linkOut(c, again), reply(text(t(c, 'payCardResent')))]
      : [reply(again)];
  },
} satisfies Record<string, Fx>;

/** The `payment.request` call, its deadline, the 60 s check and the ask. */
export function paymentRequest(c: ThreadContext, e: CustomerThreadEvent): Effect[] | null {
  const b = c.booked;
  if (!b) return null;
  const amount = amountToPay(c.settings, b);
  const provider = payMethod(c);
  // The link (and on a call, that it went to WhatsApp) is told when PesaPal has made it.
  if (provider === 'pesapal') return cardRequest(b.id, amount, e.at);
  const ms = c.channel === 'voice' ? VOICE_PAYMENT_TIMEOUT_MS : PAYMENT_TIMEOUT_MS;
  return [
    call('payment.request', {
      appointmentId: b.id,
      amountKesMinor: amount,
      ...(c.payWith ? { provider } : {}),
    }),
    {
      type: 'timer.set',
      key: paymentTimer(b.id),
      fireAt: e.at + ms,
      event: { type: 'payment.timeout', appointmentId: b.id },
    },
    {
      type: 'timer.set',
      key: checkTimer(b.id),
      fireAt: e.at + PAYMENT_CHECK_MS,
      event: { type: 'payment.check', appointmentId: b.id },
    },
  ];
}

/** A card checkout: the link comes back in the call's result; a nudge at 8 and the end at 30. */
function cardRequest(id: number, amount: number, at: number): Effect[] {
  return [
    call('payment.request', { appointmentId: id, amountKesMinor: amount, provider: 'pesapal' }),
    {
      type: 'timer.set',
      key: paymentTimer(id),
      fireAt: at + CARD_ABANDON_MS,
      event: { type: 'payment.timeout', appointmentId: id },
    },
    {
      type: 'timer.set',
      key: checkTimer(id),
      fireAt: at + CARD_NUDGE_MS,
      event: { type: 'payment.check', appointmentId: id, nudge: true },
    },
  ];
}
