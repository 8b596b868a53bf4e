/**
 * PesaPal API 3.0 adapter (cards and mobile money through PesaPal's hosted checkout), SDK-less:
 * token, IPN registration, SubmitOrderRequest, GetTransactionStatus, RefundRequest, and the IPN's
 * parser. No I/O happens at creation.
 */
import { RatibaError } from '../../contract';
import {
  PesapalClient,
  type OrderSubmitted,
  type PesapalCredentials,
  type RefundOrder,
  type SubmitOrder,
  type TransactionStatus,
} from './client';
import { parseIpn, type IpnParse } from './inbound';

export interface PesapalOptions {
  /** Overrides the tenants' sandbox/production base URL (tests: a fake server). */
  baseUrl: string | undefined;
  timeoutMs: number;
  tokenMarginMs: number;
  now: () => number;
}

export const DEFAULT_PESAPAL_OPTIONS: Readonly<PesapalOptions> = {
  baseUrl: undefined,
  timeoutMs: 15_000,
  tokenMarginMs: 30_000,
  now: () => Date.now(),
};

export interface PesapalAdapter {
  registerIpn(c: PesapalCredentials, url: string, type: 'GET' | 'POST'): Promise<{ ipnId: string }>;
  submitOrder(c: PesapalCredentials, order: SubmitOrder): Promise<OrderSubmitted>;
  transactionStatus(c: PesapalCredentials, orderTrackingId: string): Promise<TransactionStatus>;
  refund(c: PesapalCredentials, refund: RefundOrder): Promise<void>;
  parseIpn(input: Uint8Array | string | Record<string, unknown>): IpnParse;
}

export function createPesapalAdapter(options: Partial<PesapalOptions> = {}): PesapalAdapter {
  const resolved: PesapalOptions = { ...DEFAULT_PESAPAL_OPTIONS, ...options };
  if (resolved.baseUrl !== undefined && !/^https?:\/\//.test(resolved.baseUrl)) {
    throw new RatibaError(
      'invalid_config',
      `pesapal adapter: baseUrl is not http(s): ${resolved.baseUrl}`,
    );
  }
  if (!(resolved.timeoutMs > 0)) {
    throw new RatibaError('invalid_config', 'pesapal adapter: timeoutMs must be positive');
  }
  const client = new PesapalClient(resolved);
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
