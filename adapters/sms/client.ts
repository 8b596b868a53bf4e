/**
 * Africa's Talking bulk SMS: a form-encoded POST to `{baseUrl}/version1/messaging` with the
 * `apiKey` header. HTTP 201 can still carry per-recipient failures, so every recipient's
 * `statusCode` is checked; when no recipient got the message the send fails with an SmsError.
 */
import { ProviderError, RatibaError } from '../../contract';
import { parseSmsCost, totalCost, type SmsCost } from './cost';
import { atSendResponseSchema, type AtRecipient, type AtSendResponse } from './schema';

export const SMS_PROVIDER = 'africastalking';

export interface SmsClientOptions {
  baseUrl: string;
  username: string;
  apiKey: string | undefined;
  senderId: string | undefined;
  timeoutMs: number;
}

export interface SmsRequest {
  /** E.164 numbers ("+254712000001"); several are sent in one request. */
  to: string | readonly string[];
  message: string;
  /** Sender ID or shortcode; defaults to the adapter's `senderId`, else the account default. */
  from?: string;
}

export type SmsFailureReason =
  | 'insufficient_balance'
  | 'invalid_number'
  | 'invalid_sender'
  | 'blocked'
  | 'rejected'
  | 'gateway'
  | 'auth'
  | 'server'
  | 'timeout'
  | 'network'
  | 'unknown';

export interface SmsRecipientResult {
  number: string;
  /** 100 Processed, 101 Sent, 102 Queued; 4xx/5xx are failures. */
  statusCode: number;
  status: string;
  ok: boolean;
  /** Failure classification, when not ok. */
  reason?: SmsFailureReason;
  /** Whether sending to this number again may work (gateway errors). */
  retryable: boolean;
  messageId?: string;
  cost?: SmsCost;
  parts?: number;
}

export interface SmsSendResult {
  /** "Sent to 2/2 Total Cost: KES 1.6000" */
  summary: string;
  recipients: SmsRecipientResult[];
  /** Per currency; empty when nothing was charged. */
  totalCost: SmsCost[];
}

export class SmsError extends ProviderError {
  readonly reason: SmsFailureReason;
  /** The recipients' `statusCode` (first failure), when the API answered per recipient. */
  readonly atStatusCode: number | undefined;
  readonly recipients: readonly SmsRecipientResult[];

  constructor(
    message: string,
    init: {
      reason: SmsFailureReason;
      retryable: boolean;
      status?: number;
      atStatusCode?: number;
      recipients?: readonly SmsRecipientResult[];
      cause?: unknown;
    },
  ) {
    super(SMS_PROVIDER, message, {
      status: init.status,
      retryable: init.retryable,
      cause: init.cause,
    });
    this.name = 'SmsError';
    this.reason = init.reason;
    this.atStatusCode = init.atStatusCode;
    this.recipients = init.recipients ?? [];
  }
}

const E164 = /^\+[1-9]\d{6,14}$/;

export async function sendSms(
  options: SmsClientOptions,
  request: SmsRequest,
): Promise<SmsSendResult> {
  if (options.apiKey === undefined || options.apiKey === '') {
    throw new RatibaError('invalid_config', "Africa's Talking apiKey is not configured");
  }
  const numbers = (typeof request.to === 'string' ? [request.to] : [...request.to]).map((n) =>
    n.trim(),
  );
  const bad = numbers.filter((n) => !E164.test(n));
  if (numbers.length === 0 || bad.length > 0) {
    throw new RatibaError(
      'bad_request',
      `SMS recipients must be E.164 numbers (${bad.length} invalid)`,
    );
  }
  const message = wellFormed(request.message);
  if (message.trim() === '') throw new RatibaError('bad_request', 'SMS message is empty');
  const form = new URLSearchParams({ username: options.username, to: numbers.join(','), message });
  const from = request.from ?? options.senderId;
  if (from !== undefined && from !== '') form.set('from', from);

  let response: Response;
  let text: string;
  try {
    response = await fetch(`${options.baseUrl}/version1/messaging`, {
      method: 'POST',
      headers: {
        apiKey: options.apiKey,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const timedOut =
      err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const what = timedOut ? 'timed out' : 'could not reach the server';
    throw new SmsError(`africastalking send ${what}`, {
      reason: timedOut ? 'timeout' : 'network',
      retryable: true,
      cause: err,
    });
  }
  if (!response.ok) throw httpError(response.status, text);
  const parsed = atSendResponseSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    // Accepted, but unreadable: resending could deliver twice.
    throw new SmsError('africastalking send: unexpected answer', {
      reason: 'unknown',
      retryable: false,
      status: response.status,
    });
  }
  return interpretSendResponse(parsed.data, response.status);
}

/** Per-recipient results; throws when no recipient got the message. */
export function interpretSendResponse(data: AtSendResponse, status?: number): SmsSendResult {
  const recipients = data.SMSMessageData.Recipients.map(toRecipient);
  const summary = data.SMSMessageData.Message;
  const failed = recipients.filter((r) => !r.ok);
  if (recipients.length === 0 || failed.length === recipients.length) {
    const first = failed[0];
    throw new SmsError(`africastalking send failed: ${first?.status ?? summary}`, {
      reason: first?.reason ?? reasonOfName(summary),
      retryable: failed.length > 0 && failed.every((r) => r.retryable),
      ...(status === undefined ? {} : { status }),
      ...(first === undefined ? {} : { atStatusCode: first.statusCode }),
      recipients,
    });
  }
  return { summary, recipients, totalCost: totalCost(recipients.map((r) => r.cost)) };
}

const FAILURES: Readonly<Record<number, SmsFailureReason>> = {
  401: 'rejected', // RiskHold
  402: 'invalid_sender',
  403: 'invalid_number',
  404: 'invalid_number', // UnsupportedNumberType
  405: 'insufficient_balance',
  406: 'blocked', // UserInBlacklist
  407: 'rejected', // CouldNotRoute
  409: 'blocked', // DoNotDisturbRejection
  500: 'gateway',
  501: 'gateway',
  502: 'gateway',
};

function toRecipient(r: AtRecipient): SmsRecipientResult {
  const ok = r.statusCode >= 100 && r.statusCode <= 102;
  const out: SmsRecipientResult = {
    number: r.number,
    statusCode: r.statusCode,
    status: r.status,
    ok,
    retryable: !ok && r.statusCode >= 500,
  };
  if (!ok) out.reason = FAILURES[r.statusCode] ?? 'unknown';
  if (r.messageId !== '' && r.messageId !== 'None') out.messageId = r.messageId;
  const cost = parseSmsCost(r.cost);
  if (cost !== undefined) out.cost = cost;
  if (r.messageParts !== undefined) out.parts = r.messageParts;
  return out;
}

/** A failure named in `Message` with no recipients, e.g. "InvalidSenderId". */
function reasonOfName(message: string): SmsFailureReason {
  if (/InsufficientBalance/i.test(message)) return 'insufficient_balance';
  if (/InvalidSenderId/i.test(message)) return 'invalid_sender';
  if (/InvalidPhoneNumber/i.test(message)) return 'invalid_number';
  return 'rejected';
}

function httpError(status: number, body: string): SmsError {
  const detail = body.trim().slice(0, 200) || `HTTP ${status}`;
  const reason: SmsFailureReason =
    status === 401 || status === 403 ? 'auth' : status >= 500 ? 'server' : 'rejected';
  const retryable = status >= 500 || status === 408 || status === 429;
  return new SmsError(`africastalking send failed: ${detail}`, { reason, retryable, status });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
