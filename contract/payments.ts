/**
 * Payments: the money side of a booking as machines and the runtime share it (the calls a
 * thread makes, the events it receives, what a booking summary shows).
 */
import type { EventBase, PaymentProviderName } from './thread';

/** A card checkout (PesaPal): no payment this long after the link went out: a reminder. */
export const CARD_NUDGE_MS = 8 * 60_000;
/** A card checkout not paid this long after the link went out is abandoned (the hold released). */
export const CARD_ABANDON_MS = 30 * 60_000;

/** Why a payment did not go through (provider result codes mapped to meanings). */
export type PaymentFailure =
  | 'cancelled_by_user'
  | 'no_response'
  | 'wrong_pin'
  | 'insufficient_funds'
  | 'subscriber_busy'
  | 'expired'
  | 'push_failed'
  | 'failed';

/** What the runtime knows of an appointment's latest payment request. */
export interface PaymentStatus {
  appointmentId: number;
  status: 'pending' | 'paid' | 'failed' | 'expired';
  reason?: PaymentFailure;
  receipt?: string;
  paidMinor?: number;
}

export interface PaymentCallKinds {
  /**
   * Ask the customer to pay for a held appointment (M-Pesa STK push to the thread's phone, or a
   * card checkout link). The call's result says whether the request went out; the outcome is
   * learnt with `payment.query`, prompted by a `payment.callback` event or a `payment.check`
   * timer. The amount is the runtime's (payments policy); `amountKesMinor` is what the thread
   * told the customer.
   */
  'payment.request': {
    /** `provider`: the customer's choice when the tenant takes more than one; else its default. */
    payload: { appointmentId: number; amountKesMinor: number; provider?: PaymentProviderName };
    result:
      | { ok: true; checkoutId?: string; redirectUrl?: string }
      | {
          ok: false;
          reason: 'hold_expired' | 'not_pending' | 'not_configured' | 'bad_phone' | 'refused';
        };
  };
  /** The provider is asked (never the callback alone) and the payment settled when decided. */
  'payment.query': { payload: { appointmentId: number }; result: PaymentStatus };
  /** The customer gave up: the hold is released and open requests expire. */
  'payment.release': { payload: { appointmentId: number }; result: { released: boolean } };
  /** Pay at the salon (when the tenant allows it): the hold becomes a booking. */
  'payment.waive': { payload: { appointmentId: number }; result: { ok: boolean } };
  /** Refund a cancelled paid booking: automatic where possible, else a task for the owner. */
  'payment.refund': {
    payload: { appointmentId: number };
    result: {
      state: 'submitted' | 'manual' | 'none';
      amountMinor: number;
      /** Who sends the money back (the customer is told where to look for it). */
      provider?: PaymentProviderName;
    };
  };
  /**
   * The daily reaper (03:00 tenant time, from the owner's thread): reconciles open requests with
   * the provider, releases expired holds, and keeps a report for the next digest. `report` is
   * null when another owner's thread ran today's reaper. `nextAt`: the next run.
   */
  'payment.reap': {
    payload: Record<string, never>;
    result: { nextAt: number; report: PaymentReaperReport | null };
  };
}

/** What a night's reaper did (the digest's "Overnight: ..." line). */
export interface PaymentReaperReport {
  /** Expired holds released (the slot is free again). */
  holdsReleased: number;
  /** Open requests the provider said were paid. */
  confirmedLate: number;
  /** Open requests the provider said failed. */
  failed: number;
  /** Open requests the provider could not decide yet, or could not be asked. */
  stillOpen: number;
  /** Customers told their hold was released (at 08:00, never in the night). */
  customersTold: number;
}

/** The provider called back about an appointment's payment: a hint to query, never proof. */
export interface PaymentCallbackEvent extends EventBase {
  type: 'payment.callback';
  appointmentId: number;
}

/** The thread's own timer: ask the provider when no callback came. */
export interface PaymentCheckEvent extends EventBase {
  type: 'payment.check';
  appointmentId: number;
  /** A card checkout's reminder (8 minutes): the customer is nudged as the provider is asked. */
  nudge?: boolean;
}

/** The outcome of a payment, as an event (kept for snapshots and tests that deliver it). */
export interface PaymentResultEvent extends EventBase {
  type: 'payment.result';
  ok: boolean;
  appointmentId?: number;
  /** Provider's reason when not ok (e.g. 'cancelled_by_user', 'insufficient_funds'). */
  reason?: string;
  /** Provider's receipt number when ok (M-Pesa receipt). */
  receipt?: string;
}
