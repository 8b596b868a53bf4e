/**
 * A local fake of PesaPal API 3.0 speaking its real formats (../adapters/pesapal/fixtures):
 * RequestToken (key/secret checked, tokens expire at `expiryDate`), RegisterIPN / GetIpnList,
 * SubmitOrderRequest (bearer token, the documented field rules, a registered notification_id),
 * GetTransactionStatus (status_code 0 "Pending Payment" until the customer finishes),
 * RefundRequest (once per payment, never more than was paid). The customer's checkout is driven by
 * the test: `pay()` / `fail()` decide an order and send the IPN the way it was registered
 * (GET query or POST body); `decide()` decides without an IPN (it was lost).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import {
  startRecordingServer,
  type RecordedRequest,
  type Reply,
} from '../adapters/whatsapp/testing/recording-server';
import { fakeRefundDesk } from './fake-pesapal-refunds';

export interface FakePesapalOptions {
  consumerKey?: string;
  consumerSecret?: string;
  tokenLifetimeS?: number;
}

export interface FakeOrder {
  trackingId: string;
  merchantRef: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  notificationId: string;
  phone: string;
  /** 0 INVALID (not yet), 1 COMPLETED, 2 FAILED, 3 REVERSED. */
  statusCode: 0 | 1 | 2 | 3;
  confirmationCode: string;
  /** A refund request waits for the merchant's approval (then the order reads REVERSED). */
  refund?: 'requested' | 'rejected';
}

export interface FakeIpn {
  id: string;
  url: string;
  type: 'GET' | 'POST';
}

export interface FakePesapalServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  readonly orders: readonly FakeOrder[];
  readonly ipns: readonly FakeIpn[];
  readonly refunds: readonly Record<string, unknown>[];
  readonly tokensIssued: number;
  /**
   * The next SubmitOrderRequests fail: an HTTP answer (a 5xx outage page), `'refuse'` (200 with
   * PesaPal's error object) or `'hang'` (no answer).
   */
  failNextSubmits(
    count: number,
    failure: { status: number; text: string } | 'refuse' | 'hang',
  ): void;
  /** Refuse the next refund requests (`status: "500"` with PesaPal's error object). */
  refuseRefunds(count: number): void;
  /** The customer paid: COMPLETED, then the IPN; resolves with our server's HTTP status. */
  pay(trackingId: string): Promise<number>;
  fail(trackingId: string): Promise<number>;
  /** Decides the order without sending the IPN. */
  decide(trackingId: string, statusCode: 1 | 2): void;
  /** The merchant approves the order's refund: REVERSED, then the IPN (unless told not to). */
  approveRefund(trackingId: string, sendIpn?: boolean): Promise<number | undefined>;
  /** The merchant rejects it: the order stays COMPLETED, and PesaPal says nothing. */
  rejectRefund(trackingId: string): void;
  /** Sends (again) the IPN for an order, as registered. */
  notify(trackingId: string): Promise<number>;
  close(): Promise<void>;
}

const STATUS_TEXT = ['INVALID', 'Completed', 'Failed', 'Reversed'] as const;

const refused = (code: string, message: string, status = '500'): Reply => ({
  status: 200,
  json: { error: { error_type: 'api_error', code, message }, status },
});

export async function startFakePesapalServer(
  options: FakePesapalOptions = {},
): Promise<FakePesapalServer> {
  const key = options.consumerKey ?? 'fake-pesapal-key';
  const secret = options.consumerSecret ?? 'fake-pesapal-secret';
  const tokens = new Map<string, number>();
  const orders: FakeOrder[] = [];
  const ipns: FakeIpn[] = [];
  const refundDesk = fakeRefundDesk(orders, refused);
  const submitFailures: Reply[] = [];
  let issued = 0;

  const authed = (req: RecordedRequest) => {
    const t = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    return (tokens.get(t) ?? 0) > Date.now();
  };

  const handler = (req: RecordedRequest): Reply => {
    const b = (req.json ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path === '/api/Auth/RequestToken') {
      if (b.consumer_key !== key || b.consumer_secret !== secret)
        return refused('invalid_consumer_key_or_secret_provided', 'Invalid Access Token', '401');
      const token = `eyJ.${randomUUID()}.sig`;
      const expires = Date.now() + (options.tokenLifetimeS ?? 300) * 1000;
      tokens.set(token, expires);
      issued++;
      return {
        status: 200,
        json: {
          token,
          expiryDate: new Date(expires).toISOString(),
          error: null,
          status: '200',
          message: 'Request processed successfully',
        },
      };
    }
    if (!authed(req)) return { status: 401, json: { error: { code: 'invalid_token' } } };
    if (req.method === 'POST' && req.path === '/api/URLSetup/RegisterIPN') return register(b);
    if (req.method === 'GET' && req.path === '/api/URLSetup/GetIpnList')
      return { status: 200, json: ipns.map((i) => ({ url: i.url, ipn_id: i.id })) };
    if (req.method === 'POST' && req.path === '/api/Transactions/SubmitOrderRequest')
      return submit(b);
    if (req.method === 'GET' && req.path === '/api/Transactions/GetTransactionStatus')
      return status(req.query.orderTrackingId ?? '');
    if (req.method === 'POST' && req.path === '/api/Transactions/RefundRequest')
      return refundDesk.request(b);
    return { status: 404, text: 'Not Found' };
  };

  function register(b: Record<string, unknown>): Reply {
    const type = b.ipn_notification_type;
    if (
      typeof b.url !== 'string' ||
      !/^https?:\/\//.test(b.url) ||
      (type !== 'GET' && type !== 'POST')
    )
      return refused('invalid_ipn_details', 'Invalid IPN url or notification type');
    const ipn: FakeIpn = { id: randomUUID(), url: b.url, type };
    ipns.push(ipn);
    return {
      status: 200,
      json: {
        url: ipn.url,
        created_date: new Date().toISOString(),
        ipn_id: ipn.id,
        error: null,
        status: '200',
      },
    };
  }

  function submit(b: Record<string, unknown>): Reply {
    const failure = submitFailures.shift();
    if (failure) return failure;
    const id = typeof b.id === 'string' ? b.id : '';
    const billing = (b.billing_address ?? {}) as Record<string, unknown>;
    if (!id || id.length > 50 || orders.some((o) => o.merchantRef === id))
      return refused('duplicate_or_invalid_merchant_reference', 'Invalid or duplicate id');
    if (typeof b.amount !== 'number' || !(b.amount > 0))
      return refused('invalid_amount', 'Invalid amount');
    if (typeof b.description !== 'string' || b.description.length > 100)
      return refused('invalid_description', 'Invalid description');
    if (!ipns.some((i) => i.id === b.notification_id))
      return refused('invalid_notification_id', 'Invalid notification_id');
    if (!billing.phone_number && !billing.email_address)
      return refused('missing_billing_details', 'Phone number or email address is required');
    const o: FakeOrder = {
      trackingId: randomUUID(),
      merchantRef: id,
      amount: b.amount,
      currency: String(b.currency),
      description: b.description,
      callbackUrl: String(b.callback_url),
      notificationId: String(b.notification_id),
      phone: typeof billing.phone_number === 'string' ? billing.phone_number : '',
      statusCode: 0,
      confirmationCode: '',
    };
    orders.push(o);
    return {
      status: 200,
      json: {
        order_tracking_id: o.trackingId,
        merchant_reference: o.merchantRef,
        redirect_url: `${server.url}/pesapaliframe/PesapalIframe3/Index/?OrderTrackingId=${o.trackingId}`,
        error: null,
        status: '200',
      },
    };
  }

  function status(trackingId: string): Reply {
    const o = orders.find((x) => x.trackingId === trackingId);
    if (!o) return refused('order_not_found', 'Order not found');
    const pending = o.statusCode === 0;
    return {
      status: 200,
      json: {
        payment_method: pending ? '' : 'Visa',
        amount: o.amount,
        created_date: new Date().toISOString().replace('Z', ''),
        confirmation_code: o.confirmationCode,
        payment_status_description: STATUS_TEXT[o.statusCode],
        description: o.statusCode === 2 ? 'Unable to Authorize Transaction' : pending ? null : '',
        message: 'Request processed successfully',
        payment_account: pending ? '' : '476173**0010',
        call_back_url: `${o.callbackUrl}?OrderTrackingId=${o.trackingId}&OrderMerchantReference=${o.merchantRef}`,
        status_code: o.statusCode,
        merchant_reference: o.merchantRef,
        payment_status_code: '',
        currency: o.currency,
        error: pending
          ? {
              error_type: 'api_error',
              code: 'payment_details_not_found',
              message: 'Pending Payment',
              call_back_url: o.callbackUrl,
            }
          : { error_type: null, code: null, message: null, call_back_url: null },
        status: pending ? '500' : '200',
      },
    };
  }

  const find = (id: string) => {
    const o = orders.find((x) => x.trackingId === id);
    if (!o) throw new Error(`fake pesapal: no order ${id}`);
    return o;
  };
  const decide = (id: string, code: 1 | 2) => {
    const o = find(id);
    o.statusCode = code;
    if (code === 1)
      o.confirmationCode ||= String(6513008693186320103009n + BigInt(orders.indexOf(o)));
  };
  const notify = async (id: string) => {
    const o = find(id);
    const ipn = ipns.find((i) => i.id === o.notificationId);
    if (!ipn) throw new Error('fake pesapal: the order has no IPN');
    const fields = {
      OrderNotificationType: 'IPNCHANGE',
      OrderTrackingId: o.trackingId,
      OrderMerchantReference: o.merchantRef,
    };
    const res =
      ipn.type === 'GET'
        ? await request(
            `${ipn.url}${ipn.url.includes('?') ? '&' : '?'}${new URLSearchParams(fields).toString()}`,
          )
        : await request(ipn.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(fields),
          });
    await res.body.dump();
    return res.statusCode;
  };

  const server = await startRecordingServer(handler);
  return {
    url: server.url,
    requests: server.requests,
    orders,
    ipns,
    refunds: refundDesk.requests,
    get tokensIssued() {
      return issued;
    },
    failNextSubmits(count, failure) {
      const reply: Reply =
        failure === 'refuse'
          ? refused('merchant_not_active', 'Merchant account not active')
          : failure;
      for (let i = 0; i < count; i++) submitFailures.push(reply);
    },
    refuseRefunds: (count) => refundDesk.refuse(count),
    async pay(id) {
      decide(id, 1);
      return notify(id);
    },
    async fail(id) {
      decide(id, 2);
      return notify(id);
    },
    decide,
    notify,
    approveRefund: async (id, sendIpn = true) => {
      refundDesk.approve(find(id));
      return sendIpn ? notify(id) : undefined;
    },
    rejectRefund: (id) => refundDesk.reject(find(id)),
    close: () => server.close(),
  };
}
