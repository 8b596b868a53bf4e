/**
 * The PesaPal API 3.0 client: bearer token (cached per merchant until shortly before its
 * `expiryDate`; PesaPal's tokens last at most five minutes), IPN registration, order submission,
 * transaction status and refund requests. Credentials are per tenant and passed with every call.
 */
import { TokenClient, tokenExpiry, type AppCredentials, type CachedToken } from '../provider-http';
import { accepted, PesapalError, pesapalCall, refusal } from './pesapal-http';
import {
  authResponseSchema,
  refundResponseSchema,
  registerIpnResponseSchema,
  submitOrderResponseSchema,
  transactionStatusSchema,
} from './schema';

export const PESAPAL_BASE_URLS = {
  sandbox: 'https://cybqa.pesapal.com/pesapalv3',
  production: 'https://pay.pesapal.com/v3',
} as const;

/** One merchant account at PesaPal. */
export type PesapalCredentials = AppCredentials;

export interface SubmitOrder {
  /** Our merchant reference: unique per order, at most 50 characters. */
  merchantRef: string;
  amountMinor: number;
  currency: string;
  description: string;
  /** Where the customer's browser returns after paying. */
  callbackUrl: string;
  /** The registered IPN's id. */
  notificationId: string;
  /** E.164; PesaPal prefills the mobile-money number from it. */
  phone: string;
}

export interface OrderSubmitted {
  orderTrackingId: string;
  merchantRef: string;
  redirectUrl: string;
}

/** GetTransactionStatus: 0 INVALID (not yet), 1 COMPLETED, 2 FAILED, 3 REVERSED. */
export type TransactionStatus =
  | { state: 'pending' }
  | {
      state: 'completed';
      confirmationCode: string;
      amountMinor: number;
      currency: string;
      merchantRef: string;
      method: string;
    }
  | { state: 'failed'; description: string; merchantRef: string }
  | { state: 'reversed'; amountMinor: number; merchantRef: string };

export interface RefundOrder {
  confirmationCode: string;
  amountMinor: number;
  /** Who asks for the refund (PesaPal records it for the merchant's approval). */
  username: string;
  remarks: string;
}

const TOKEN_LIFETIME_FALLBACK_MS = 5 * 60_000;
const PENDING = 'payment_details_not_found';

export class PesapalClient extends TokenClient<PesapalCredentials> {
  protected readonly baseUrls = PESAPAL_BASE_URLS;

  async registerIpn(
    c: PesapalCredentials,
    url: string,
    type: 'GET' | 'POST',
  ): Promise<{ ipnId: string }> {
    const json = await this.authed(c, 'register ipn', 'POST', '/api/URLSetup/RegisterIPN', {
      url,
      ipn_notification_type: type,
    });
    const res = registerIpnResponseSchema.safeParse(json);
    if (!res.success) throw new PesapalError('pesapal register ipn: unexpected answer');
    if (!accepted(res.data) || !res.data.ipn_id) throw refusal('register ipn', res.data);
    return { ipnId: res.data.ipn_id };
  }

  async submitOrder(c: PesapalCredentials, o: SubmitOrder): Promise<OrderSubmitted> {
    if (!/^[A-Za-z0-9._:-]{1,50}$/.test(o.merchantRef))
      throw new PesapalError('pesapal submit order: bad merchant reference', { status: 400 });
    if (!(o.amountMinor >= 100))
      throw new PesapalError('pesapal submit order: amount below 1.00', { status: 400 });
    const body = {
      id: o.merchantRef,
      currency: o.currency,
      amount: o.amountMinor / 100,
      description: o.description.slice(0, 100) || 'Booking',
      callback_url: o.callbackUrl,
      notification_id: o.notificationId,
      billing_address: {
        phone_number: localPhone(o.phone),
        email_address: '',
        country_code: 'KE',
        first_name: '',
        middle_name: '',
        last_name: '',
        line_1: '',
        line_2: '',
        city: '',
        state: '',
        postal_code: '',
        zip_code: '',
      },
    };
    const path = '/api/Transactions/SubmitOrderRequest';
    const json = await this.authed(c, 'submit order', 'POST', path, body);
    const res = submitOrderResponseSchema.safeParse(json);
    if (!res.success) throw new PesapalError('pesapal submit order: unexpected answer');
    const d = res.data;
    if (!accepted(d) || !d.order_tracking_id || !d.redirect_url) throw refusal('submit order', d);
    return {
      orderTrackingId: d.order_tracking_id,
      merchantRef: d.merchant_reference ?? o.merchantRef,
      redirectUrl: d.redirect_url,
    };
  }

  async transactionStatus(c: PesapalCredentials, trackingId: string): Promise<TransactionStatus> {
    const path = `/api/Transactions/GetTransactionStatus?orderTrackingId=${encodeURIComponent(trackingId)}`;
    let json: unknown;
    try {
      json = await this.authed(c, 'transaction status', 'GET', path);
    } catch (err) {
      // Observed in the sandbox: "Pending Payment" may come with a non-2xx HTTP status too.
      if (err instanceof PesapalError && err.errorCode === PENDING) return { state: 'pending' };
      throw err;
    }
    const res = transactionStatusSchema.safeParse(json);
    if (!res.success) throw new PesapalError('pesapal transaction status: unexpected answer');
    const d = res.data;
    const merchantRef = d.merchant_reference ?? '';
    const amountMinor = Math.round(d.amount * 100);
    switch (d.status_code) {
      case 1:
        if (!d.confirmation_code) return { state: 'pending' };
        return {
          state: 'completed',
          confirmationCode: d.confirmation_code,
          amountMinor,
          currency: d.currency ?? 'KES',
          merchantRef,
          method: d.payment_method ?? '',
        };
      case 2:
        return { state: 'failed', description: d.description ?? '', merchantRef };
      case 3:
        return { state: 'reversed', amountMinor, merchantRef };
      default:
        // 0 INVALID: the customer has not finished (observed with "Pending Payment").
        return { state: 'pending' };
    }
  }

  /** Asks for a refund; PesaPal's merchant approval follows (then the status reads REVERSED). */
  async refund(c: PesapalCredentials, r: RefundOrder): Promise<void> {
    const json = await this.authed(c, 'refund', 'POST', '/api/Transactions/RefundRequest', {
      confirmation_code: r.confirmationCode,
      amount: (r.amountMinor / 100).toFixed(2),
      username: r.username.slice(0, 50),
      remarks: r.remarks.slice(0, 100),
    });
    const res = refundResponseSchema.safeParse(json);
    if (!res.success) throw new PesapalError('pesapal refund: unexpected answer');
    if (!accepted(res.data)) throw refusal('refund', res.data);
  }

  /** A call with a bearer token; a refused token (401) is dropped and the call made once more. */
  private authed(
    c: PesapalCredentials,
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    json?: unknown,
  ): Promise<unknown> {
    return this.withToken(
      c,
      (token) =>
        pesapalCall({
          operation,
          method,
          url: `${this.baseUrl(c)}${path}`,
          token,
          ...(json !== undefined ? { json } : {}),
          timeoutMs: this.options.timeoutMs,
        }),
      (err) => err instanceof PesapalError && err.status === 401,
    );
  }

  protected async fetchToken(c: PesapalCredentials): Promise<CachedToken> {
    const json = await pesapalCall({
      operation: 'auth',
      method: 'POST',
      url: `${this.baseUrl(c)}/api/Auth/RequestToken`,
      json: { consumer_key: c.consumerKey, consumer_secret: c.consumerSecret },
      timeoutMs: this.options.timeoutMs,
    });
    const res = authResponseSchema.safeParse(json);
    if (!res.success) throw new PesapalError('pesapal auth: unexpected answer');
    if (!accepted(res.data) || !res.data.token) throw refusal('auth', res.data);
    const now = this.options.now();
    const expiry = Date.parse(res.data.expiryDate ?? '');
    const lifetimeMs =
      Number.isFinite(expiry) && expiry > now
        ? Math.min(expiry - now, TOKEN_LIFETIME_FALLBACK_MS)
        : TOKEN_LIFETIME_FALLBACK_MS;
    return {
      token: res.data.token,
      expiresAt: tokenExpiry(now, lifetimeMs, this.options.tokenMarginMs),
    };
  }
}

/** 2547XXXXXXXX or +2547... -> 07XXXXXXXX, as PesaPal's samples write Kenyan numbers. */
function localPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('254') && digits.length === 12 ? `0${digits.slice(3)}` : digits;
}
