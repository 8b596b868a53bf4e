/**
 * M-Pesa Express (Daraja) behind the PaymentProvider seam. The tenant's app credentials and
 * passkey are secrets (`secrets.daraja`); shortcode, environment and till are settings
 * (`payments.mpesa`). An automatic refund needs initiator credentials (see darajaRefundMethod);
 * without them a refund is a task for the owner.
 */
import {
  DarajaError,
  stkOutcome,
  type DarajaAdapter,
  type DarajaCredentials,
} from '../../adapters/daraja';
import type {
  CallbackParse,
  PaymentAccount,
  PaymentProvider,
  ProviderPaymentState,
  RefundOutcome,
  RefundRequest,
} from '../../booking';
import { settingsObject as obj, settingsText as str } from '../../booking';

/** The tenant's Daraja credentials, or undefined when something needed is missing. */
export function darajaCredentials(account: PaymentAccount): DarajaCredentials | undefined {
  const secret = obj(account.secrets.daraja);
  const mpesa = obj(obj(account.settings.payments).mpesa);
  const consumerKey = str(secret.consumer_key);
  const consumerSecret = str(secret.consumer_secret);
  const passkey = str(secret.passkey);
  const shortcode = str(mpesa.shortcode);
  if (!consumerKey || !consumerSecret || !passkey || !shortcode) return undefined;
  const till = str(mpesa.till);
  const initiator = str(secret.initiator_name);
  const credential = str(secret.security_credential);
  return {
    environment: mpesa.environment === 'production' ? 'production' : 'sandbox',
    consumerKey,
    consumerSecret,
    passkey,
    shortcode,
    transactionType: till ? 'CustomerBuyGoodsOnline' : 'CustomerPayBillOnline',
    ...(till ? { partyB: till } : {}),
    ...(initiator && credential
      ? { initiator: { name: initiator, securityCredential: credential } }
      : {}),
    ...(str(mpesa.b2c_shortcode) ? { b2cShortcode: str(mpesa.b2c_shortcode)! } : {}),
  };
}

/**
 * How this tenant's M-Pesa refunds go: B2C from its B2C shortcode when it has one and initiator
 * credentials (for that shortcode); a reversal of the receipt with initiator credentials alone;
 * otherwise a task for the owner.
 */
export function darajaRefundMethod(
  c: DarajaCredentials | undefined,
): 'b2c' | 'reversal' | 'manual' {
  if (!c?.initiator) return 'manual';
  return c.b2cShortcode ? 'b2c' : 'reversal';
}

const resultUrls = (callbackUrl: string, path: 'reversal' | 'b2c') => ({
  resultUrl: callbackUrl.replace(/\/?$/, `/${path}`),
  timeoutUrl: callbackUrl.replace(/\/?$/, `/${path}-timeout`),
});

function required(account: PaymentAccount): DarajaCredentials {
  const c = darajaCredentials(account);
  if (!c)
    throw new DarajaError('daraja: the tenant has no complete M-Pesa credentials', { status: 400 });
  return c;
}

/** A refund by B2C or reversal, as the tenant's credentials allow (darajaRefundMethod). */
async function darajaRefund(
  daraja: DarajaAdapter,
  account: PaymentAccount,
  request: RefundRequest,
): Promise<RefundOutcome> {
  const c = darajaCredentials(account);
  const method = darajaRefundMethod(c);
  if (method === 'manual' || !c) return { state: 'manual', why: 'no M-Pesa initiator credentials' };
  if (method === 'b2c' && !request.msisdn)
    return { state: 'manual', why: 'no M-Pesa number to pay the refund to' };
  if (method === 'reversal' && !request.receipt)
    return { state: 'manual', why: 'no M-Pesa receipt to reverse' };
  try {
    if (method === 'b2c') {
      await daraja.b2c(c, {
        originatorConversationId: request.key,
        phone: request.msisdn!,
        amountMinor: request.amountMinor,
        ...resultUrls(account.callbackUrl, 'b2c'),
        remarks: request.reason,
      });
      // Results are matched by our OriginatorConversationID, known before the call.
      return { state: 'submitted', providerRef: request.key };
    }
    const r = await daraja.reverse(c, {
      receipt: request.receipt!,
      amountMinor: request.amountMinor,
      ...resultUrls(account.callbackUrl, 'reversal'),
      remarks: request.reason,
    });
    return { state: 'submitted', providerRef: r.conversationId };
  } catch (err) {
    if (err instanceof DarajaError && !err.retryable) {
      return { state: 'manual', why: `${method} refused: ${err.errorCode ?? err.message}` };
    }
    throw err;
  }
}

export function darajaProvider(daraja: DarajaAdapter): PaymentProvider {
  return {
    name: 'mpesa',
    sendsLink: false,
    configured: (account) => darajaCredentials(account) !== undefined,

    async initiate(account, request) {
      const accepted = await daraja.stkPush(required(account), {
        amountMinor: request.amountMinor,
        phone: request.phone,
        callbackUrl: account.callbackUrl,
        accountReference: request.reference,
        description: request.description,
      });
      return {
        providerRef: accepted.checkoutRequestId,
        merchantRef: accepted.merchantRequestId,
        msisdn: accepted.msisdn,
        chargedMinor: accepted.amountKes * 100,
      };
    },

    async query(account, providerRef): Promise<ProviderPaymentState> {
      const r = await daraja.stkQuery(required(account), providerRef);
      if (r.state === 'processing') return { state: 'pending' };
      return r.outcome === 'paid'
        ? { state: 'paid', resultCode: r.resultCode }
        : { state: 'failed', reason: r.outcome, resultCode: r.resultCode };
    },

    refundMethod: (account) => darajaRefundMethod(darajaCredentials(account)),

    refund: (account, request) => darajaRefund(daraja, account, request),

    parseCallback(raw): CallbackParse {
      const r = daraja.parseCallback(raw);
      if (!r.ok) return r;
      const cb = r.callback;
      const outcome = stkOutcome(cb.resultCode);
      return {
        ok: true,
        claim: {
          providerRef: cb.checkoutRequestId,
          claimed:
            outcome === 'paid'
              ? { state: 'paid', ...(cb.receipt ? { receipt: cb.receipt } : {}), resultCode: 0 }
              : { state: 'failed', reason: outcome, resultCode: cb.resultCode },
          ...(cb.amountKes !== undefined ? { amountMinor: Math.round(cb.amountKes * 100) } : {}),
          ...(cb.msisdn ? { msisdn: cb.msisdn } : {}),
          ...(cb.receipt ? { receipt: cb.receipt } : {}),
        },
      };
    },
  };
}
