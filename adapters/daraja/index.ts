/**
 * Safaricom Daraja (M-Pesa Express) adapter, SDK-less: OAuth, STK push and query, reversal, and
 * the STK callback's parser. No I/O happens at creation.
 */
import { clientDefaults, clientOptions, type ProviderClientOptions } from '../provider-http';
import type * as api from './client';
import { DarajaClient } from './client';
import { parseStkCallback, type CallbackParse } from './inbound';

export type DarajaOptions = ProviderClientOptions;

/** Daraja's tokens last an hour: renewed a minute early. */
export const DEFAULT_DARAJA_OPTIONS = clientDefaults(60_000);

export interface DarajaAdapter {
  stkPush(c: api.DarajaCredentials, r: api.StkPushRequest): Promise<api.StkPushAccepted>;
  stkQuery(c: api.DarajaCredentials, checkoutRequestId: string): Promise<api.StkQueryResult>;
  reverse(c: api.DarajaCredentials, r: api.ReversalRequest): Promise<api.ReversalAccepted>;
  /** B2C BusinessPayment to the customer (a refund where the tenant has a B2C shortcode). */
  b2c(c: api.DarajaCredentials, r: api.B2cRequest): Promise<api.ReversalAccepted>;
  parseCallback(raw: Uint8Array | string): CallbackParse;
}

export function createDarajaAdapter(options: Partial<DarajaOptions> = {}): DarajaAdapter {
  const client = new DarajaClient(clientOptions('daraja', DEFAULT_DARAJA_OPTIONS, options));
  return {
    stkPush: (c, r) => client.stkPush(c, r),
    stkQuery: (c, id) => client.stkQuery(c, id),
    reverse: (c, r) => client.reverse(c, r),
    b2c: (c, r) => client.b2c(c, r),
    parseCallback: parseStkCallback,
  };
}

export {
  DARAJA_BASE_URLS,
  type B2cRequest,
  type DarajaCredentials,
  type ReversalAccepted,
  type ReversalRequest,
  type StkPushAccepted,
  type StkPushRequest,
  type StkQueryResult,
} from './client';
export { DARAJA_PROVIDER, DarajaError } from './daraja-http';
export type { CallbackParse, StkCallback } from './inbound';
export { darajaPhone, darajaTimestamp, stkPassword } from './password';
export { stkOutcome, type StkOutcome } from './result-codes';
