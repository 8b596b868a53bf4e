/**
 * The Daraja client: OAuth client-credentials token (cached per app until shortly before it
 * expires), M-Pesa Express STK push and query, and transaction reversal (refunds). Credentials are
 * per tenant and passed with every call; one client serves every tenant.
 */
import { TokenClient, tokenExpiry, type AppCredentials, type CachedToken } from '../provider-http';
import { darajaCall, DarajaError } from './daraja-http';
import {
  ACCOUNT_REFERENCE_MAX,
  darajaPhone,
  darajaText,
  darajaTimestamp,
  stkPassword,
  TRANSACTION_DESC_MAX,
  wholeShillings,
} from './password';
import { INVALID_TOKEN, STILL_PROCESSING, stkOutcome, type StkOutcome } from './result-codes';
import {
  oauthResponseSchema,
  reversalResponseSchema,
  stkPushResponseSchema,
  stkQueryResponseSchema,
} from './schema';

export const DARAJA_BASE_URLS = {
  sandbox: 'https://sandbox.safaricom.co.ke',
  production: 'https://api.safaricom.co.ke',
} as const;

/** One tenant's Daraja app and till/paybill. */
export interface DarajaCredentials extends AppCredentials {
  /** BusinessShortCode: the paybill, or the store number of a till. */
  shortcode: string;
  passkey: string;
  /** `CustomerBuyGoodsOnline` for a till (then `partyB` is the till number). */
  transactionType: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  partyB?: string;
  /**
   * Refund rights: an initiator and its encrypted security credential (of the paybill for a
   * reversal, of the B2C shortcode for a B2C payment).
   */
  initiator?: { name: string; securityCredential: string };
  /** A B2C shortcode: refunds are then paid back to the customer's phone from it (B2C). */
  b2cShortcode?: string;
}

export interface StkPushRequest {
  /** Minor units (KES cents); Daraja takes whole shillings (a fraction rounds up). */
  amountMinor: number;
  /** E.164 or local Kenyan mobile number. */
  phone: string;
  callbackUrl: string;
  accountReference: string;
  description: string;
}

export interface StkPushAccepted {
  merchantRequestId: string;
  checkoutRequestId: string;
  customerMessage: string;
  /** The whole shillings asked for, and the MSISDN prompted (what a callback must match). */
  amountKes: number;
  msisdn: string;
}

export type StkQueryResult =
  | { state: 'processing' }
  | { state: 'done'; resultCode: number; resultDesc: string; outcome: StkOutcome };

export interface ReversalRequest {
  /** The M-Pesa receipt of the payment to reverse. */
  receipt: string;
  amountMinor: number;
  resultUrl: string;
  timeoutUrl: string;
  remarks: string;
}

export interface ReversalAccepted {
  conversationId: string;
  originatorConversationId: string;
}

export interface B2cRequest {
  /** Ours, unique per refund: Daraja's results carry it back with its own ConversationID. */
  originatorConversationId: string;
  /** E.164 or local Kenyan mobile number of the customer to pay. */
  phone: string;
  amountMinor: number;
  resultUrl: string;
  timeoutUrl: string;
  remarks: string;
}

export class DarajaClient extends TokenClient<DarajaCredentials> {
  protected readonly baseUrls = DARAJA_BASE_URLS;

  async stkPush(c: DarajaCredentials, r: StkPushRequest): Promise<StkPushAccepted> {
    const msisdn = darajaPhone(r.phone);
    if (!msisdn)
      throw new DarajaError('daraja stk push: not a Kenyan mobile number', { status: 400 });
    const amountKes = wholeShillings(r.amountMinor);
    if (!(amountKes >= 1))
      throw new DarajaError('daraja stk push: amount below KES 1', { status: 400 });
    const timestamp = darajaTimestamp(this.options.now());
    const body = {
      // A number here, a string in the query: as Safaricom's own samples send them.
      BusinessShortCode: Number(c.shortcode),
      Password: stkPassword(c.shortcode, c.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: c.transactionType,
      Amount: String(amountKes),
      PartyA: msisdn,
      PartyB: c.partyB ?? c.shortcode,
      PhoneNumber: msisdn,
      CallBackURL: r.callbackUrl,
      AccountReference: darajaText(r.accountReference, ACCOUNT_REFERENCE_MAX, 'Booking'),
      TransactionDesc: darajaText(r.description, TRANSACTION_DESC_MAX, 'Payment'),
    };
    const json = await this.authed(c, 'stk push', '/mpesa/stkpush/v1/processrequest', body);
    const res = stkPushResponseSchema.safeParse(json);
    if (!res.success)
      throw new DarajaError('daraja stk push: unexpected answer', { retryable: false });
    if (res.data.ResponseCode !== 0) {
      throw new DarajaError(`daraja stk push refused: ${res.data.ResponseDescription}`, {
        status: 400,
      });
    }
    return {
      merchantRequestId: res.data.MerchantRequestID,
      checkoutRequestId: res.data.CheckoutRequestID,
      customerMessage: res.data.CustomerMessage ?? res.data.ResponseDescription,
      amountKes,
      msisdn,
    };
  }

  async stkQuery(c: DarajaCredentials, checkoutRequestId: string): Promise<StkQueryResult> {
    const timestamp = darajaTimestamp(this.options.now());
    const body = {
      BusinessShortCode: c.shortcode,
      Password: stkPassword(c.shortcode, c.passkey, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: checkoutRequestId,
    };
    let json: unknown;
    try {
      json = await this.authed(c, 'stk query', '/mpesa/stkpushquery/v1/query', body);
    } catch (err) {
      if (err instanceof DarajaError && err.errorCode === STILL_PROCESSING) {
        return { state: 'processing' };
      }
      throw err;
    }
    const res = stkQueryResponseSchema.safeParse(json);
    if (!res.success) throw new DarajaError('daraja stk query: unexpected answer');
    const code = res.data.ResultCode;
    return {
      state: 'done',
      resultCode: code,
      resultDesc: res.data.ResultDesc,
      outcome: stkOutcome(code),
    };
  }

  async reverse(c: DarajaCredentials, r: ReversalRequest): Promise<ReversalAccepted> {
    if (!c.initiator) {
      throw new DarajaError('daraja reversal: the tenant has no initiator credentials', {
        status: 400,
      });
    }
    const body = {
      Initiator: c.initiator.name,
      SecurityCredential: c.initiator.securityCredential,
      CommandID: 'TransactionReversal',
      TransactionID: r.receipt,
      Amount: String(wholeShillings(r.amountMinor)),
      ReceiverParty: c.shortcode,
      RecieverIdentifierType: '11',
      ResultURL: r.resultUrl,
      QueueTimeOutURL: r.timeoutUrl,
      Remarks: darajaText(r.remarks, 100, 'Refund'),
      Occasion: 'Refund',
    };
    return acknowledged(
      'reversal',
      await this.authed(c, 'reversal', '/mpesa/reversal/v1/request', body),
    );
  }

  /** B2C BusinessPayment from the tenant's B2C shortcode to the customer's phone (a refund). */
  async b2c(c: DarajaCredentials, r: B2cRequest): Promise<ReversalAccepted> {
    if (!c.initiator || !c.b2cShortcode) {
      throw new DarajaError('daraja b2c: the tenant has no B2C shortcode and initiator', {
        status: 400,
      });
    }
    const msisdn = darajaPhone(r.phone);
    if (!msisdn) throw new DarajaError('daraja b2c: not a Kenyan mobile number', { status: 400 });
    const body = {
      OriginatorConversationID: r.originatorConversationId,
      InitiatorName: c.initiator.name,
      SecurityCredential: c.initiator.securityCredential,
      CommandID: 'BusinessPayment',
      Amount: String(wholeShillings(r.amountMinor)),
      PartyA: c.b2cShortcode,
      PartyB: msisdn,
      Remarks: darajaText(r.remarks, 100, 'Refund'),
      QueueTimeOutURL: r.timeoutUrl,
      ResultURL: r.resultUrl,
      // Spelled as in Safaricom's B2C samples.
      Occassion: 'Refund',
    };
    return acknowledged('b2c', await this.authed(c, 'b2c', '/mpesa/b2c/v3/paymentrequest', body));
  }

  /** A POST with a bearer token; a refused token is dropped and the call made once more. */
  private authed(c: DarajaCredentials, operation: string, path: string, json: unknown) {
    return this.withToken(
      c,
      (token) =>
        darajaCall({
          operation,
          method: 'POST',
          url: `${this.baseUrl(c)}${path}`,
          authorization: `Bearer ${token}`,
          json,
          timeoutMs: this.options.timeoutMs,
        }),
      (err) =>
        err instanceof DarajaError && (err.errorCode === INVALID_TOKEN || err.status === 401),
    );
  }

  protected async fetchToken(c: DarajaCredentials): Promise<CachedToken> {
    const basic = Buffer.from(`${c.consumerKey}:${c.consumerSecret}`, 'utf8').toString('base64');
    const json = await darajaCall({
      operation: 'oauth',
      method: 'GET',
      url: `${this.baseUrl(c)}/oauth/v1/generate?grant_type=client_credentials`,
      authorization: `Basic ${basic}`,
      timeoutMs: this.options.timeoutMs,
    });
    const res = oauthResponseSchema.safeParse(json);
    if (!res.success) throw new DarajaError('daraja oauth: unexpected answer');
    const lifetimeMs = res.data.expires_in * 1000;
    const expiresAt = tokenExpiry(this.options.now(), lifetimeMs, this.options.tokenMarginMs);
    return { token: res.data.access_token, expiresAt };
  }
}

/** The synchronous answer to a reversal or B2C request: accepted, with Daraja's ids. */
function acknowledged(operation: string, json: unknown): ReversalAccepted {
  const res = reversalResponseSchema.safeParse(json);
  if (!res.success || res.data.ResponseCode !== 0) {
    throw new DarajaError(`daraja ${operation}: refused or unexpected answer`, { status: 400 });
  }
  return {
    conversationId: res.data.ConversationID,
    originatorConversationId: res.data.OriginatorConversationID,
  };
}
