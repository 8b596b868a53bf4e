/**
 * A local fake of Africa's Talking `POST /version1/messaging`: records every request (headers
 * and form fields), answers 201 with per-recipient results in the real shape (cost per part,
 * fresh ATXid message ids), refuses a wrong apiKey/username (401) or a missing field (400), and
 * can be scripted to fail (insufficient balance, gateway errors, 500, no answer).
 */
import { randomBytes } from 'node:crypto';
import {
  startRecordingServer,
  type RecordedRequest,
  type Reply,
} from '../../whatsapp/testing/recording-server';
import { smsParts } from '../segments';

export type AtScriptedFailure =
  /** 201 with statusCode 405 for every recipient (send-response-insufficient-balance.json). */
  | 'insufficient_balance'
  /** 201 with statusCode 500 (InternalServerError) for every recipient. */
  | 'gateway_error'
  /** HTTP 500, plain text. */
  | 'server_error'
  | 'hang'
  | { status: number; json?: unknown; text?: string };

export interface FakeAtServerOptions {
  username?: string;
  apiKey?: string;
  /** Price of one SMS part, e.g. "0.8000" (KES). */
  pricePerPart?: string;
}

export interface FakeAtServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  failNextSends(count: number, failure: AtScriptedFailure): void;
  close(): Promise<void>;
}

const REQUIRED = ['username', 'to', 'message'] as const;

export async function startFakeAtServer(options: FakeAtServerOptions = {}): Promise<FakeAtServer> {
  const username = options.username ?? 'sandbox';
  const apiKey = options.apiKey ?? 'fake-at-api-key';
  const price = options.pricePerPart ?? '0.8000';
  const script: AtScriptedFailure[] = [];

  const handler = (req: RecordedRequest): Reply => {
    if (req.method !== 'POST' || req.path !== '/version1/messaging') {
      return { status: 404, text: 'Not Found' };
    }
    const form = req.form ?? {};
    if (req.headers.apikey !== apiKey || form.username !== username) {
      return { status: 401, text: 'The supplied authentication is invalid' };
    }
    const missing = REQUIRED.find((field) => (form[field] ?? '') === '');
    if (missing !== undefined) {
      return { status: 400, text: `Request is missing required form field '${missing}'` };
    }
    const numbers = (form.to ?? '').split(',');
    const failure = script.shift();
    if (failure === 'hang') return 'hang';
    if (failure === 'server_error') return { status: 500, text: 'Internal Server Error' };
    if (typeof failure === 'object') return failure;
    const parts = smsParts(form.message ?? '').parts;
    const recipients = numbers.map((number) => {
      if (failure === 'insufficient_balance') return failed(number, 405, 'InsufficientBalance');
      if (failure === 'gateway_error') return failed(number, 500, 'InternalServerError');
      if (!/^\+\d{7,15}$/.test(number)) return failed(number, 403, 'InvalidPhoneNumber');
      return {
        statusCode: 101,
        number,
        status: 'Success',
        cost: `KES ${multiply(price, parts)}`,
        messageId: `ATXid_${randomBytes(16).toString('hex')}`,
        messageParts: parts,
      };
    });
    const sent = recipients.filter((r) => r.statusCode === 101);
    const total = sent.length === 0 ? '0' : `KES ${multiply(price, parts * sent.length)}`;
    return {
      status: 201,
      json: {
        SMSMessageData: {
          Message: `Sent to ${sent.length}/${numbers.length} Total Cost: ${total}`,
          Recipients: recipients,
        },
      },
    };
  };

  const server = await startRecordingServer(handler);
  return {
    url: server.url,
    requests: server.requests,
    failNextSends: (count, failure) => {
      for (let i = 0; i < count; i++) script.push(failure);
    },
    close: () => server.close(),
  };
}

function failed(number: string, statusCode: number, status: string) {
  return { cost: '0', messageId: 'None', number, status, statusCode };
}

/** "0.8000" x 3 -> "2.4000", in integer ten-thousandths (no floating point drift). */
function multiply(price: string, times: number): string {
  const [whole = '0', fraction = ''] = price.split('.');
  const units = (Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4))) * times;
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
}
