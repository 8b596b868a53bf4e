/**
 * A local fake of Daraja: OAuth (Basic auth checked, tokens issued and expirable), STK push
 * (bearer token, Password = base64(shortcode + passkey + timestamp) and field rules checked,
 * fresh ids), STK query (HTTP 500 "being processed" until the push has an outcome), reversal.
 * The "phone" is driven by the test: `complete()` decides a push's outcome and POSTs the real
 * callback to its CallBackURL; `decide()` decides without a callback (it was lost). Reversals and
 * B2C payments: `fake-daraja-payouts.ts`.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import {
  startRecordingServer,
  type RecordedRequest,
  type Reply,
} from '../../whatsapp/testing/recording-server';
import { stkPassword } from '../password';
import { fakePayouts, type FakePayouts } from './fake-daraja-payouts';

export interface FakeDarajaOptions {
  consumerKey?: string;
  consumerSecret?: string;
  passkey?: string;
  tokenLifetimeS?: number;
}

export interface FakePush {
  checkoutRequestId: string;
  merchantRequestId: string;
  shortcode: string;
  amountKes: number;
  msisdn: string;
  callbackUrl: string;
  accountReference: string;
  description: string;
  /** Set once the customer answered (or the prompt timed out). */
  resultCode?: number;
  receipt?: string;
}

export type FakeDarajaFailure = { status: number; json: unknown } | 'hang';

export interface FakeDarajaServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  readonly pushes: readonly FakePush[];
  readonly reversals: readonly Record<string, unknown>[];
  readonly b2cPayments: FakePayouts['b2cPayments'];
  /** Sends a reversal's or B2C payment's Result (or queue timeout) to the URL it named. */
  sendResult: FakePayouts['sendResult'];
  /** Tokens issued so far. */
  readonly tokensIssued: number;
  /** Makes every issued token invalid (the next call gets 404.001.03). */
  revokeTokens(): void;
  failNextPushes(count: number, failure: FakeDarajaFailure): void;
  /** Decides the push's outcome and POSTs the callback; resolves with our server's status. */
  complete(checkoutRequestId: string, resultCode: number): Promise<number>;
  /** Decides the outcome without sending a callback. */
  decide(checkoutRequestId: string, resultCode: number): void;
  /** The callback body Daraja would send for a push with this outcome. */
  callbackBody(push: FakePush, resultCode: number): Record<string, unknown>;
  close(): Promise<void>;
}

const DESCRIPTIONS: Record<number, string> = {
  0: 'The service request is processed successfully.',
  1: 'The balance is insufficient for the transaction.',
  1032: 'Request cancelled by user',
  1037: 'DS timeout user cannot be reached',
  2001: 'The initiator information is invalid.',
};

const error = (status: number, errorCode: string, errorMessage: string): Reply => ({
  status,
  json: { requestId: randomBytes(8).toString('hex'), errorCode, errorMessage },
});

export async function startFakeDarajaServer(
  options: FakeDarajaOptions = {},
): Promise<FakeDarajaServer> {
  const key = options.consumerKey ?? 'fake-consumer-key';
  const secret = options.consumerSecret ?? 'fake-consumer-secret';
  const passkey = options.passkey ?? 'fake-passkey';
  const tokens = new Set<string>();
  const pushes: FakePush[] = [];
  const payouts = fakePayouts();
  const script: FakeDarajaFailure[] = [];
  let issued = 0;

  const authed = (req: RecordedRequest) =>
    tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));

  const handler = (req: RecordedRequest): Reply => {
    if (req.method === 'GET' && req.path === '/oauth/v1/generate') {
      const expected = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
      if (req.query.grant_type !== 'client_credentials' || req.headers.authorization !== expected)
        return error(400, '400.008.01', 'Invalid Authentication passed');
      const token = randomBytes(14).toString('base64url');
      tokens.add(token);
      issued++;
      return {
        status: 200,
        json: { access_token: token, expires_in: String(options.tokenLifetimeS ?? 3599) },
      };
    }
    if (req.method !== 'POST') return { status: 404, text: 'Not Found' };
    if (!authed(req)) return error(404, '404.001.03', 'Invalid Access Token');
    const body = (req.json ?? {}) as Record<string, unknown>;
    if (req.path === '/mpesa/stkpush/v1/processrequest') return push(body);
    if (req.path === '/mpesa/stkpushquery/v1/query') return query(body);
    return payouts.handle(req) ?? { status: 404, text: 'Not Found' };
  };

  const passwordOk = (b: Record<string, unknown>) =>
    typeof b.Timestamp === 'string' &&
    /^\d{14}$/.test(b.Timestamp) &&
    b.Password === stkPassword(String(b.BusinessShortCode), passkey, b.Timestamp);

  function push(b: Record<string, unknown>): Reply {
    const failure = script.shift();
    if (failure === 'hang') return 'hang';
    if (failure) return failure;
    if (!passwordOk(b)) return error(400, '400.002.02', 'Bad Request - Invalid Password');
    const amount = Number(b.Amount);
    const msisdn = String(b.PhoneNumber);
    const ref = typeof b.AccountReference === 'string' ? b.AccountReference : '';
    const desc = typeof b.TransactionDesc === 'string' ? b.TransactionDesc : '';
    if (!Number.isInteger(amount) || amount < 1)
      return error(400, '400.002.02', 'Bad Request - Invalid Amount');
    if (!/^254\d{9}$/.test(msisdn) || b.PartyA !== msisdn)
      return error(400, '400.002.02', 'Bad Request - Invalid PhoneNumber');
    if (ref.length < 1 || ref.length > 12 || desc.length < 1 || desc.length > 13)
      return error(400, '400.002.02', 'Bad Request - Invalid AccountReference');
    const p: FakePush = {
      checkoutRequestId: `ws_CO_${Date.now()}${randomBytes(4).toString('hex')}`,
      merchantRequestId: `${randomBytes(2).toString('hex')}-${randomBytes(12).toString('hex')}`,
      shortcode: String(b.BusinessShortCode),
      amountKes: amount,
      msisdn,
      callbackUrl: String(b.CallBackURL),
      accountReference: ref,
      description: desc,
    };
    pushes.push(p);
    return {
      status: 200,
      json: {
        MerchantRequestID: p.merchantRequestId,
        CheckoutRequestID: p.checkoutRequestId,
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      },
    };
  }

  function query(b: Record<string, unknown>): Reply {
    if (!passwordOk(b)) return error(400, '400.002.02', 'Bad Request - Invalid Password');
    const p = pushes.find((x) => x.checkoutRequestId === b.CheckoutRequestID);
    if (!p) return error(400, '400.002.02', 'Bad Request - Invalid CheckoutRequestID');
    if (p.resultCode === undefined)
      return error(500, '500.001.1001', 'The transaction is being processed');
    return {
      status: 200,
      json: {
        ResponseCode: '0',
        ResponseDescription: 'The service request has been accepted successfully',
        MerchantRequestID: p.merchantRequestId,
        CheckoutRequestID: p.checkoutRequestId,
        ResultCode: String(p.resultCode),
        ResultDesc: DESCRIPTIONS[p.resultCode] ?? 'Failed',
      },
    };
  }

  const find = (id: string) => {
    const p = pushes.find((x) => x.checkoutRequestId === id);
    if (!p) throw new Error(`fake daraja: no push ${id}`);
    return p;
  };
  const decide = (id: string, resultCode: number) => {
    const p = find(id);
    p.resultCode = resultCode;
    if (resultCode === 0) p.receipt ??= `T${randomBytes(5).toString('hex').toUpperCase()}`;
    return p;
  };

  const callbackBody = (p: FakePush, resultCode: number) => ({
    Body: {
      stkCallback: {
        MerchantRequestID: p.merchantRequestId,
        CheckoutRequestID: p.checkoutRequestId,
        ResultCode: resultCode,
        ResultDesc: DESCRIPTIONS[resultCode] ?? 'Failed',
        ...(resultCode === 0
          ? {
              CallbackMetadata: {
                Item: [
                  { Name: 'Amount', Value: p.amountKes },
                  { Name: 'MpesaReceiptNumber', Value: p.receipt ?? 'TFAKE00000' },
                  { Name: 'Balance' },
                  { Name: 'TransactionDate', Value: 20261120120015 },
                  { Name: 'PhoneNumber', Value: Number(p.msisdn) },
                ],
              },
            }
          : {}),
      },
    },
  });

  const server = await startRecordingServer(handler);
  return {
    url: server.url,
    requests: server.requests,
    pushes,
    reversals: payouts.reversals,
    get b2cPayments() {
      return payouts.b2cPayments;
    },
    sendResult: (id, code, timeout) => payouts.sendResult(id, code, timeout),
    get tokensIssued() {
      return issued;
    },
    revokeTokens: () => tokens.clear(),
    failNextPushes(count, failure) {
      for (let i = 0; i < count; i++) script.push(failure);
    },
    async complete(id, resultCode) {
      const p = decide(id, resultCode);
      const res = await request(p.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(callbackBody(p, resultCode)),
      });
      await res.body.dump();
      return res.statusCode;
    },
    decide: (id, code) => void decide(id, code),
    callbackBody,
    close: () => server.close(),
  };
}
