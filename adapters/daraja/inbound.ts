/**
 * The STK callback Daraja POSTs to `CallBackURL`: parsed and validated into what the runtime
 * matches against a pending request. Parsing proves nothing about who sent it: the callback is
 * only a hint until the STK query confirms it.
 */
import { badShape, bodyText, type Unparsed } from '../webhook-body';
import { stkOutcome, type StkOutcome } from './result-codes';
import { stkCallbackSchema } from './schema';

export interface StkCallback {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: number;
  resultDesc: string;
  outcome: StkOutcome;
  /** On success: what was paid, by whom, and the receipt. */
  amountKes?: number;
  receipt?: string;
  msisdn?: string;
  /** `TransactionDate` as sent (YYYYMMDDHHmmss, EAT). */
  transactionDate?: string;
}

export type CallbackParse = { ok: true; callback: StkCallback } | Unparsed;

const MAX_CALLBACK_BYTES = 16 * 1024;

export function parseStkCallback(raw: Uint8Array | string): CallbackParse {
  const text = bodyText(raw, MAX_CALLBACK_BYTES, 'callback');
  if (typeof text !== 'string') return text;
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (err) {
    return {
      ok: false,
      reason: 'not_json',
      detail: err instanceof Error ? err.message : 'invalid',
    };
  }
  const res = stkCallbackSchema.safeParse(json);
  if (!res.success) return badShape(res.error);
  const cb = res.data.Body.stkCallback;
  const items = new Map((cb.CallbackMetadata?.Item ?? []).map((i) => [i.Name, i.Value]));
  const amount = Number(items.get('Amount'));
  const receipt = items.get('MpesaReceiptNumber');
  const phone = items.get('PhoneNumber');
  const date = items.get('TransactionDate');
  return {
    ok: true,
    callback: {
      merchantRequestId: cb.MerchantRequestID,
      checkoutRequestId: cb.CheckoutRequestID,
      resultCode: cb.ResultCode,
      resultDesc: cb.ResultDesc,
      outcome: stkOutcome(cb.ResultCode),
      ...(Number.isFinite(amount) && amount > 0 ? { amountKes: amount } : {}),
      ...(receipt !== undefined ? { receipt: String(receipt) } : {}),
      ...(phone !== undefined ? { msisdn: String(phone) } : {}),
      ...(date !== undefined ? { transactionDate: String(date) } : {}),
    },
  };
}
