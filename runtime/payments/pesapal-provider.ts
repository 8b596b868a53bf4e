/**
 * Cards (and PesaPal's other methods) through PesaPal API 3.0, behind the PaymentProvider seam.
 * The merchant's consumer key and secret are secrets (`secrets.pesapal`); the environment and
 * the IPN method are settings (`payments.pesapal`). The IPN is registered once per tenant,
 * merchant account and URL (stored in `public.pesapal_ipns`) and reused by every order.
 */
import {
  ipnAck,
  PesapalError,
  type PesapalAdapter,
  type PesapalCredentials,
} from '../../adapters/pesapal';
import type {
  CallbackParse,
  PaymentAccount,
  PaymentProvider,
  ProviderPaymentState,
} from '../../booking';
import { settingsObject as obj, settingsText as str } from '../../booking';
import type { Queryable } from '../../contract';
import { storedIpn, storeIpn } from '../stores/pesapal-ipns';

interface PesapalAccount extends PesapalCredentials {
  ipnMethod: 'GET' | 'POST';
}

/** The tenant's PesaPal credentials, or undefined when something needed is missing. */
export function pesapalCredentials(account: PaymentAccount): PesapalAccount | undefined {
  const secret = obj(account.secrets.pesapal);
  const settings = obj(obj(account.settings.payments).pesapal);
  const consumerKey = str(secret.consumer_key);
  const consumerSecret = str(secret.consumer_secret);
  if (!consumerKey || !consumerSecret) return undefined;
  return {
    environment: settings.environment === 'production' ? 'production' : 'sandbox',
    consumerKey,
    consumerSecret,
    ipnMethod: settings.ipn_method === 'GET' ? 'GET' : 'POST',
  };
}

function required(account: PaymentAccount): PesapalAccount {
  const c = pesapalCredentials(account);
  if (!c) throw new PesapalError('pesapal: the tenant has no PesaPal credentials', { status: 400 });
  return c;
}

/** Our order reference: unique per tenant and payment, within PesaPal's 50 characters. */
export const merchantRef = (tenant: string, paymentId: number) =>
  `${tenant.replace(/[^A-Za-z0-9]/g, '').slice(0, 30)}-${paymentId}`;

/** The registered IPN of this tenant's merchant account and IPN URL (registered once). */
async function ipnId(
  pesapal: PesapalAdapter,
  db: Queryable,
  account: PaymentAccount,
  c: PesapalAccount,
): Promise<string> {
  const key = {
    tenant: account.tenant,
    environment: c.environment,
    consumerKey: c.consumerKey,
    url: account.callbackUrl,
  };
  const stored = await storedIpn(db, key);
  if (stored) return stored;
  const { ipnId: id } = await pesapal.registerIpn(c, account.callbackUrl, c.ipnMethod);
  return storeIpn(db, key, id, c.ipnMethod);
}

export function pesapalProvider(pesapal: PesapalAdapter, db: Queryable): PaymentProvider {
  return {
    name: 'pesapal',
    sendsLink: true,
    configured: (account) => pesapalCredentials(account) !== undefined,

    async initiate(account, request) {
      const c = required(account);
      const order = await pesapal.submitOrder(c, {
        merchantRef: merchantRef(account.tenant, request.paymentId),
        amountMinor: request.amountMinor,
        currency: request.currency,
        description: `${request.description} - ${request.reference}`,
        callbackUrl: `${account.callbackUrl}/return`,
        notificationId: await ipnId(pesapal, db, account, c),
        phone: request.phone,
      });
      return {
        providerRef: order.orderTrackingId,
        merchantRef: order.merchantRef,
        redirectUrl: order.redirectUrl,
        chargedMinor: request.amountMinor,
      };
    },

    async query(account, providerRef): Promise<ProviderPaymentState> {
      const s = await pesapal.transactionStatus(required(account), providerRef);
      switch (s.state) {
        case 'pending':
          return { state: 'pending' };
        case 'completed':
          return { state: 'paid', receipt: s.confirmationCode, amountMinor: s.amountMinor };
        case 'failed':
        case 'reversed':
          return { state: 'failed', reason: 'failed' };
      }
    },

    refundMethod: (account) => (pesapalCredentials(account) ? 'pesapal' : 'manual'),

    async refund(account, request) {
      const c = pesapalCredentials(account);
      if (!c) return { state: 'manual', why: 'no PesaPal credentials' };
      if (!request.receipt) return { state: 'manual', why: 'no PesaPal confirmation code' };
      try {
        await pesapal.refund(c, {
          confirmationCode: request.receipt,
          amountMinor: request.amountMinor,
          username: 'Ratiba',
          remarks: request.reason,
        });
        return { state: 'submitted', providerRef: request.receipt };
      } catch (err) {
        if (err instanceof PesapalError && !err.retryable)
          return { state: 'manual', why: `PesaPal refused the refund: ${err.message}` };
        throw err;
      }
    },

    async refundSettled(account, providerRef) {
      return (await pesapal.transactionStatus(required(account), providerRef)).state === 'reversed';
    },

    parseCallback(raw): CallbackParse {
      const r = pesapal.parseIpn(raw);
      if (!r.ok) return r;
      return {
        ok: true,
        // An IPN says only "this order changed": GetTransactionStatus decides.
        claim: {
          providerRef: r.ipn.orderTrackingId,
          claimed: { state: 'pending' },
          ack: ipnAck(r.ipn, 200),
        },
      };
    },
  };
}
