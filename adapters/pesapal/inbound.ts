/**
 * The IPN PesaPal sends when an order changes (`OrderNotificationType=IPNCHANGE`), as a POST body
 * or GET query parameters depending on how the IPN was registered. It carries no status and no
 * signature: it only says which order to ask about (GetTransactionStatus decides).
 */
import { badShape, bodyText, type Unparsed } from '../webhook-body';
import { ipnSchema } from './schema';

export interface PesapalIpn {
  orderTrackingId: string;
  merchantRef: string;
  notificationType: string;
}

export type IpnParse = { ok: true; ipn: PesapalIpn } | Unparsed;

const MAX_IPN_BYTES = 4 * 1024;

/** From a POST body (JSON, or a form as some gateways forward it) or GET query parameters. */
export function parseIpn(input: Uint8Array | string | Record<string, unknown>): IpnParse {
  let fields: unknown;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = bodyText(input, MAX_IPN_BYTES, 'notification');
    if (typeof text !== 'string') return text;
    fields = parseText(text);
    if (fields === undefined) return { ok: false, reason: 'not_json', detail: 'body is not JSON' };
  } else {
    fields = input;
  }
  const r = ipnSchema.safeParse(fields);
  if (!r.success) return badShape(r.error);
  return {
    ok: true,
    ipn: {
      orderTrackingId: r.data.OrderTrackingId,
      merchantRef: r.data.OrderMerchantReference,
      notificationType: r.data.OrderNotificationType,
    },
  };
}

/** The acknowledgement PesaPal expects (`ipn-ack-response.json`); 500 asks it to retry. */
export function ipnAck(ipn: PesapalIpn, status: 200 | 500) {
  return {
    orderNotificationType: ipn.notificationType,
    orderTrackingId: ipn.orderTrackingId,
    orderMerchantReference: ipn.merchantRef,
    status,
  };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const form = new URLSearchParams(text);
    return form.has('OrderTrackingId') ? Object.fromEntries(form) : undefined;
  }
}
