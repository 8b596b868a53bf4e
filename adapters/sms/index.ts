/**
 * Africa's Talking SMS adapter: the fallback channel for reminders. No I/O happens at creation;
 * without an apiKey every send fails with `invalid_config`.
 */
import { RatibaError } from '../../contract';
import { sendSms, type SmsRequest, type SmsSendResult } from './client';
import { smsParts, type SmsParts } from './segments';

export interface SmsOptions {
  /** API host; the sandbox unless configured (production: https://api.africastalking.com). */
  baseUrl: string;
  /** Africa's Talking application username (`sandbox` for the sandbox). */
  username: string;
  apiKey: string | undefined;
  /** Default sender ID or shortcode; unset uses the account's default. */
  senderId: string | undefined;
  timeoutMs: number;
}

export const DEFAULT_SMS_OPTIONS: Readonly<SmsOptions> = {
  baseUrl: 'https://api.sandbox.africastalking.com',
  username: 'sandbox',
  apiKey: undefined,
  senderId: undefined,
  timeoutMs: 10_000,
};

export interface SmsAdapter {
  readonly options: Readonly<SmsOptions>;
  /** Sends one message to one or more numbers; rejects with SmsError when none got it. */
  send(request: SmsRequest): Promise<SmsSendResult>;
  /** Encoding and number of billed parts of a message. */
  parts(message: string): SmsParts;
}

export function createSmsAdapter(options: Partial<SmsOptions> = {}): SmsAdapter {
  const d = DEFAULT_SMS_OPTIONS;
  const resolved: SmsOptions = {
    baseUrl: (options.baseUrl ?? d.baseUrl).replace(/\/+$/, ''),
    username: options.username ?? d.username,
    apiKey: options.apiKey ?? d.apiKey,
    senderId: options.senderId ?? d.senderId,
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
  };
  const problems: string[] = [];
  if (!URL.canParse(resolved.baseUrl) || !/^https?:/.test(resolved.baseUrl)) {
    problems.push(`baseUrl is not an http(s) URL: ${resolved.baseUrl}`);
  }
  if (resolved.username === '') problems.push('username is empty');
  if (!(resolved.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  if (problems.length > 0) {
    throw new RatibaError('invalid_config', `sms adapter: ${problems.join('; ')}`);
  }
  const frozen = Object.freeze(resolved);
  return {
    options: frozen,
    send: (request) => sendSms(frozen, request),
    parts: smsParts,
  };
}

export {
  SmsError,
  type SmsFailureReason,
  type SmsRecipientResult,
  type SmsRequest,
  type SmsSendResult,
} from './client';
export { parseSmsCost, type SmsCost } from './cost';
export type { SmsParts } from './segments';
