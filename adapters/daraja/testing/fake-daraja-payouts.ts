/**
 * The fake Daraja's money-out side: transaction reversals and B2C payments (the two ways a
 * refund leaves M-Pesa). Each request is checked against Daraja's documented fields and
 * acknowledged with a fresh ConversationID; the test then sends the asynchronous Result (or the
 * queue timeout) to the ResultURL / QueueTimeOutURL the request named, as Daraja would.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { RecordedRequest, Reply } from '../../whatsapp/testing/recording-server';

export interface FakePayout {
  kind: 'reversal' | 'b2c';
  conversationId: string;
  originatorConversationId: string;
  body: Record<string, unknown>;
}

export interface FakePayouts {
  readonly reversals: readonly Record<string, unknown>[];
  readonly b2cPayments: readonly FakePayout[];
  /** Answers a reversal or B2C request; undefined for any other path. */
  handle(req: RecordedRequest): Reply | undefined;
  /**
   * POSTs the Result of a payout to its ResultURL (or, with `timeout`, to its QueueTimeOutURL);
   * resolves with our server's HTTP status.
   */
  sendResult(conversationId: string, resultCode: number, timeout?: boolean): Promise<number>;
}

const B2C_PATHS = new Set(['/mpesa/b2c/v1/paymentrequest', '/mpesa/b2c/v3/paymentrequest']);
const B2C_COMMANDS = new Set(['BusinessPayment', 'SalaryPayment', 'PromotionPayment']);
const RESULT_DESC: Record<number, string> = {
  0: 'The service request is processed successfully.',
  1: 'The balance is insufficient for the transaction.',
  2001: 'The initiator information is invalid.',
};

const bad = (message: string): Reply => ({
  status: 400,
  json: {
    requestId: randomBytes(8).toString('hex'),
    errorCode: '400.002.02',
    errorMessage: `Bad Request - ${message}`,
  },
});

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a B2C request must carry (`b2c-request.json`); the reason when it does not. */
function b2cProblem(b: Record<string, unknown>): string | undefined {
  if (!text(b.OriginatorConversationID)) return 'Invalid OriginatorConversationID';
  if (!text(b.InitiatorName) || !text(b.SecurityCredential)) return 'Invalid Initiator';
  if (!B2C_COMMANDS.has(text(b.CommandID))) return 'Invalid CommandID';
  if (!/^\d+$/.test(String(b.Amount)) || Number(b.Amount) < 1) return 'Invalid Amount';
  if (!/^\d{5,7}$/.test(String(b.PartyA))) return 'Invalid PartyA';
  if (!/^2547\d{8}$|^2541\d{8}$/.test(String(b.PartyB))) return 'Invalid PartyB';
  if (!/^https?:\/\//.test(text(b.ResultURL)) || !/^https?:\/\//.test(text(b.QueueTimeOutURL)))
    return 'Invalid ResultURL';
  return undefined;
}

export function fakePayouts(): FakePayouts {
  const reversals: Record<string, unknown>[] = [];
  const payouts: FakePayout[] = [];

  const accept = (kind: FakePayout['kind'], body: Record<string, unknown>): Reply => {
    const p: FakePayout = {
      kind,
      conversationId: `AG_${randomBytes(8).toString('hex')}`,
      originatorConversationId:
        text(body.OriginatorConversationID) || randomBytes(8).toString('hex'),
      body,
    };
    payouts.push(p);
    if (kind === 'reversal') reversals.push(body);
    return {
      status: 200,
      json: {
        OriginatorConversationID: p.originatorConversationId,
        ConversationID: p.conversationId,
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      },
    };
  };

  const resultBody = (p: FakePayout, code: number) => ({
    Result: {
      ResultType: 0,
      ResultCode: code,
      ResultDesc: RESULT_DESC[code] ?? 'The request failed.',
      OriginatorConversationID: p.originatorConversationId,
      ConversationID: p.conversationId,
      TransactionID: code === 0 ? `T${randomBytes(5).toString('hex').toUpperCase()}` : 'NLJ0000000',
      ...(code === 0 && p.kind === 'b2c'
        ? {
            ResultParameters: {
              ResultParameter: [
                { Key: 'TransactionAmount', Value: Number(p.body.Amount) },
                { Key: 'ReceiverPartyPublicName', Value: `${String(p.body.PartyB)} - Customer` },
              ],
            },
          }
        : {}),
    },
  });

  return {
    reversals,
    get b2cPayments() {
      return payouts.filter((p) => p.kind === 'b2c');
    },
    handle(req) {
      const body = (req.json ?? {}) as Record<string, unknown>;
      if (req.path === '/mpesa/reversal/v1/request') return accept('reversal', body);
      if (!B2C_PATHS.has(req.path)) return undefined;
      const problem = b2cProblem(body);
      return problem ? bad(problem) : accept('b2c', body);
    },
    async sendResult(conversationId, resultCode, timeout = false) {
      const p = payouts.find((x) => x.conversationId === conversationId);
      if (!p) throw new Error(`fake daraja: no payout ${conversationId}`);
      const url = text(timeout ? p.body.QueueTimeOutURL : p.body.ResultURL);
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(resultBody(p, resultCode)),
      });
      await res.body.dump();
      return res.statusCode;
    },
  };
}
