/**
 * The seam between the booking domain and payment providers. M-Pesa (Daraja) and cards
 * (PesaPal) implement it in the runtime; Airtel Money or Stripe payment links would be one more
 * implementation, with no change to the machines or the payment flow.
 */
import type { PaymentFailure, PaymentProviderName } from '../../contract';
import type { RefundMethod } from './refund-repo';

/** A tenant's account at the provider: its credentials and where callbacks must go. */
export interface PaymentAccount {
  tenant: string;
  /** The tenant's secrets (never logged) and settings; each provider reads its own block. */
  secrets: Readonly<Record<string, unknown>>;
  settings: Readonly<Record<string, unknown>>;
  /** `<public url>/webhooks/<provider>/<tenant callback token>` */
  callbackUrl: string;
}

export interface InitiateRequest {
  paymentId: number;
  amountMinor: number;
  currency: 'KES';
  /** The customer's phone, E.164. */
  phone: string;
  /** Short reference the customer sees on the prompt or receipt (e.g. "Booking 101"). */
  reference: string;
  description: string;
}

export interface Initiated {
  /** The provider's id of this request (Daraja CheckoutRequestID, PesaPal order tracking id). */
  providerRef: string;
  merchantRef?: string;
  /** The number prompted, as the provider writes it (a callback must match it). */
  msisdn?: string;
  /** A checkout page to send to the customer (cards). */
  redirectUrl?: string;
  /** What the provider will charge (whole shillings for M-Pesa), minor units. */
  chargedMinor: number;
}

export type ProviderPaymentState =
  | { state: 'pending' }
  /** `amountMinor`: what the provider says was paid, when it says (cards). */
  | { state: 'paid'; receipt?: string; resultCode?: number; amountMinor?: number }
  | { state: 'failed'; reason: PaymentFailure; resultCode?: number };

/** What a callback claims. Never proof: the provider is queried before anything is settled. */
export interface CallbackClaim {
  providerRef: string;
  claimed: ProviderPaymentState;
  amountMinor?: number;
  msisdn?: string;
  receipt?: string;
  /** The body the provider expects back (PesaPal echoes the IPN); Daraja's shape otherwise. */
  ack?: unknown;
}

export type CallbackParse =
  { ok: true; claim: CallbackClaim } | { ok: false; reason: string; detail: string };

export interface RefundRequest {
  /** Ours, unique per refund (B2C's OriginatorConversationID). */
  key: string;
  providerRef: string;
  receipt: string | undefined;
  /** The number that paid, as the provider wrote it (B2C pays it back). */
  msisdn: string | undefined;
  amountMinor: number;
  reason: string;
}

export type RefundOutcome =
  | { state: 'submitted'; providerRef: string }
  /** No automatic refund is possible (no initiator credentials, a refused reversal). */
  | { state: 'manual'; why: string };

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /**
   * The customer pays on a page we send them (a card checkout link), not on a prompt the request
   * itself puts on their phone. Such a request that fails or goes unanswered reached nobody and
   * charges nothing: it fails at once, so the customer is offered another way, rather than being
   * retried in the background or left unknown while they wait for a link.
   */
  readonly sendsLink: boolean;
  /** Whether the tenant's account has what `initiate` needs. */
  configured(account: PaymentAccount): boolean;
  initiate(account: PaymentAccount, request: InitiateRequest): Promise<Initiated>;
  query(account: PaymentAccount, providerRef: string): Promise<ProviderPaymentState>;
  /**
   * How a refund of this account goes. A method that could pay twice if asked twice (`b2c`) is
   * marked submitted before it is asked: a crash in between leaves it to the reaper, never to
   * a second payment.
   */
  refundMethod(account: PaymentAccount): RefundMethod;
  refund(account: PaymentAccount, request: RefundRequest): Promise<RefundOutcome>;
  /**
   * Whether a submitted refund of the payment `providerRef` went through (PesaPal: the order
   * reads REVERSED). Providers that answer refunds by callback (Daraja) have none.
   */
  refundSettled?(account: PaymentAccount, providerRef: string): Promise<boolean>;
  parseCallback(raw: Uint8Array): CallbackParse;
}
