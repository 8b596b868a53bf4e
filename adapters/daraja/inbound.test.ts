import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStkCallback } from './inbound';
import { darajaPhone, darajaText, darajaTimestamp, stkPassword, wholeShillings } from './password';
import { stkOutcome, type StkOutcome } from './result-codes';
import {
  oauthResponseSchema,
  stkPushResponseSchema,
  stkQueryResponseSchema,
  darajaErrorSchema,
} from './schema';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const json = (name: string) =>
  JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;

describe('STK callback parsing (real-format fixtures)', () => {
  it('reads a successful callback: amount, receipt, phone, date', () => {
    const r = parseStkCallback(fixture('callback-success.json'));
    expect(r).toEqual({
      ok: true,
      callback: {
        merchantRequestId: '2654-4b64-97ff-b827b542881d3130',
        checkoutRequestId: 'ws_CO_01012026120000123708374149',
        resultCode: 0,
        resultDesc: 'The service request is processed successfully.',
        outcome: 'paid',
        amountKes: 1,
        receipt: 'TLA1B2C3D4',
        msisdn: '254708374149',
        transactionDate: '20260101120015',
      },
    });
  });

  it('tolerates the Balance item that has no Value', () => {
    const r = parseStkCallback(fixture('callback-success-with-balance.json'));
    expect(r.ok && r.callback.receipt).toBe('TLA1B2C3D5');
  });

  it.each([
    ['callback-1032-cancelled.json', 1032, 'cancelled_by_user'],
    ['callback-1037-timeout.json', 1037, 'no_response'],
    ['callback-1037-no-response.json', 1037, 'no_response'],
    ['callback-2001-wrong-pin.json', 2001, 'wrong_pin'],
    ['callback-1-insufficient.json', 1, 'insufficient_funds'],
  ])('%s -> %s', (file, code, outcome) => {
    const r = parseStkCallback(fixture(file));
    expect(r.ok && [r.callback.resultCode, r.callback.outcome, r.callback.receipt]).toEqual([
      code,
      outcome,
      undefined,
    ]);
  });

  it('refuses what is not a callback, without throwing', () => {
    expect(parseStkCallback('{').ok).toBe(false);
    expect(parseStkCallback('{"Body":{}}')).toMatchObject({ ok: false, reason: 'bad_shape' });
    expect(parseStkCallback('x'.repeat(20_000))).toMatchObject({ ok: false });
    // NUL and a lone surrogate inside strings parse as strings; the shape decides.
    const odd = JSON.stringify({ Body: { stkCallback: { CheckoutRequestID: '\u0000\ud800' } } });
    expect(parseStkCallback(odd).ok).toBe(false);
  });
});

describe('result codes', () => {
  // The documented codes, and others (9999, 4242) as failures.
  const OUTCOMES: Record<number, StkOutcome> = {
    0: 'paid',
    1: 'insufficient_funds',
    1032: 'cancelled_by_user',
    1037: 'no_response',
    2001: 'wrong_pin',
    1019: 'expired',
    9999: 'push_failed',
    4242: 'failed',
  };
  it.each(Object.entries(OUTCOMES))('maps result code %s to %s', (code, outcome) => {
    expect(stkOutcome(Number(code))).toBe(outcome);
  });
});

describe('request rules', () => {
  it('password = base64(shortcode + passkey + timestamp): Safaricom vectors', () => {
    const v = json('password-vector.json').vectors as Record<string, string>[];
    for (const x of v) {
      expect(stkPassword(x.BusinessShortCode!, x.Passkey!, x.Timestamp!)).toBe(x.Password);
    }
  });

  it('timestamps are East Africa Time', () => {
    expect(darajaTimestamp(Date.UTC(2026, 0, 1, 9, 0, 0))).toBe('20260101120000');
    expect(darajaTimestamp(Date.UTC(2026, 11, 31, 22, 30, 5))).toBe('20270101013005');
  });

  it('phones become 2547XXXXXXXX / 2541XXXXXXXX; others are refused', () => {
    expect(darajaPhone('+254708374149')).toBe('254708374149');
    expect(darajaPhone('0712 345 678')).toBe('254712345678');
    expect(darajaPhone('+254110000001')).toBe('254110000001');
    expect(darajaPhone('+255712345678')).toBeUndefined();
    expect(darajaPhone('+25420123456')).toBeUndefined();
  });

  it('texts keep to letters and digits within the limit; amounts are whole shillings', () => {
    expect(darajaText('Booking #101 — Wanjiku’s salon', 12, 'x')).toBe('Booking 101');
    expect(darajaText('***', 13, 'Payment')).toBe('Payment');
    expect([wholeShillings(40_000), wholeShillings(40_050), wholeShillings(1)]).toEqual([
      400, 401, 1,
    ]);
  });

  it('the fixtures of the responses parse with the schemas', () => {
    expect(oauthResponseSchema.parse(json('oauth-response.json')).expires_in).toBe(3599);
    expect(stkPushResponseSchema.parse(json('stk-response.json')).ResponseCode).toBe(0);
    expect(stkQueryResponseSchema.parse(json('query-response-1032.json')).ResultCode).toBe(1032);
    expect(darajaErrorSchema.parse(json('query-still-processing.json')).errorCode).toBe(
      '500.001.1001',
    );
  });
});
