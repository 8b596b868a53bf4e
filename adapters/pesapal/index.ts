/**
 * PesaPal API 3.0 adapter (cards and mobile money through PesaPal's hosted checkout), SDK-less:
 * token, IPN registration, SubmitOrderRequest, GetTransactionStatus, RefundRequest, and the IPN's
 * parser. No I/O happens at creation.
 */
import { clientDefaults, clientOptions, type ProviderClientOptions } from '../provider-http';
import type * as api from './client';
import { PesapalClient } from './client';
import { parseIpn, type IpnParse } from './inbound';

export type PesapalOptions = ProviderClientOptions;

/** PesaPal's tokens last five minutes: renewed half a minute early. */
export const DEFAULT_PESAPAL_OPTIONS = clientDefaults(30_000);

export interface PesapalAdapter {
  registerIpn(
    c: api.PesapalCredentials,
    url: string,
    type: 'GET' | 'POST',
  ): Promise<{ ipnId: string }>;
  submitOrder(c: api.PesapalCredentials, order: api.SubmitOrder): Promise<api.OrderSubmitted>;
  transactionStatus(
    c: api.PesapalCredentials,
    orderTrackingId: string,
  ): Promise<api.TransactionStatus>;
  refund(c: api.PesapalCredentials, refund: api.RefundOrder): Promise<void>;
  parseIpn(input: Uint8Array | string | Record<string, unknown>): IpnParse;
}

export function createPesapalAdapter(options: Partial<PesapalOptions> = {}): PesapalAdapter {
  const client = new PesapalClient(clientOptions('pesapal', DEFAULT_PESAPAL_OPTIONS, options));
  return {
    registerIpn: (c, url, type) => client.registerIpn(c, url, type),
    submitOrder: (c, o) => client.submitOrder(c, o),
    transactionStatus: (c, id) => client.transactionStatus(c, id),
    refund: (c, r) => client.refund(c, r),
    parseIpn,
  };
}

export {
  PESAPAL_BASE_URLS,
  type OrderSubmitted,
  type PesapalCredentials,
  type RefundOrder,
  type SubmitOrder,
  type TransactionStatus,
} from './client';
export { ipnAck, type IpnParse, type PesapalIpn } from './inbound';
export { PESAPAL_PROVIDER, PesapalError } from './pesapal-http';
