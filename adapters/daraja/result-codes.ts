/**
 * M-Pesa Express result codes (callback `ResultCode`, query `ResultCode`) and what they mean to
 * the customer. Codes from the Daraja "Result codes" table; anything else is a plain failure.
 */
export type StkOutcome =
  | 'paid'
  | 'insufficient_funds'
  | 'cancelled_by_user'
  | 'no_response'
  | 'wrong_pin'
  | 'subscriber_busy'
  | 'expired'
  | 'push_failed'
  | 'failed';

const CODES: Readonly<Record<number, StkOutcome>> = {
  0: 'paid',
  1: 'insufficient_funds',
  1001: 'subscriber_busy',
  1019: 'expired',
  1025: 'push_failed',
  1032: 'cancelled_by_user',
  1037: 'no_response',
  2001: 'wrong_pin',
  9999: 'push_failed',
};

/** The meaning of an STK result code. */
export function stkOutcome(resultCode: number): StkOutcome {
  return CODES[resultCode] ?? 'failed';
}

/** Daraja's error code while the customer has not answered the prompt yet (HTTP 500). */
export const STILL_PROCESSING = '500.001.1001';
/** The access token was refused: fetch a new one and try once more. */
export const INVALID_TOKEN = '404.001.03';
