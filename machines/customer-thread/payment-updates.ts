import { chosenMethod } from './payment-guards';
import { resultOf } from './results';
import { readMessage } from './said';
import type { CustomerThreadEvent, ThreadContext } from './types';

/** Context updates of the payment step: the customer's choice of method and the card link. */

type Update = (c: ThreadContext, e: CustomerThreadEvent) => Partial<ThreadContext>;

export const PAYMENT_UPDATES = {
  choosePay: (_c, e) =>
    e.type === 'message' ? { payWith: chosenMethod(readMessage(e)) ?? null, cardLink: null } : {},
  takeCardLink: (_c, e) => {
    const url = resultOf(e, 'payment.request')?.redirectUrl;
    return typeof url === 'string' && /^https?:\/\//.test(url)
      ? { cardLink: url.slice(0, 500) }
      : {};
  },
  /** A new booking starts with no method chosen and no link. */
  clearPayWith: () => ({ payWith: null, cardLink: null }),
} satisfies Record<string, Update>;
