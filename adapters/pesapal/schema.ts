/**
 * Zod schemas of the PesaPal API 3.0 wire format. PesaPal answers HTTP 200 with `status` "500"
 * and an `error` object when it refuses, and the error object's type field is `type` in its
 * Postman description but `error_type` in real answers: both are accepted.
 */
import { z } from 'zod';

/** `status` arrives as "200" (a string) in every sample; a number is accepted too. */
const statusLike = z.union([z.string(), z.number()]).transform(String);

/** An optional text field: PesaPal sends `null` for what it has not filled in. */
const text = z.string().nullish();

export const pesapalErrorSchema = z
  .object({ error_type: text, type: text, code: text, message: text })
  .nullish();

/** Every answer's envelope: `status` ("200" when accepted) and the `error` of a refusal. */
const answer = <T extends z.ZodRawShape>(fields: T) =>
  z.object({ error: pesapalErrorSchema, status: statusLike.nullish(), ...fields });

export const authResponseSchema = answer({ token: text, expiryDate: text, message: text });

export const registerIpnResponseSchema = answer({ url: text, ipn_id: text });

export const submitOrderResponseSchema = answer({
  order_tracking_id: text,
  merchant_reference: text,
  redirect_url: text,
});

export const transactionStatusSchema = answer({
  payment_method: text,
  amount: z.number(),
  created_date: text,
  confirmation_code: text,
  payment_status_description: text,
  description: text,
  payment_account: text,
  status_code: z.number().int(),
  merchant_reference: text,
  currency: text,
});

/** A refund's answer always says its `status`. */
export const refundResponseSchema = answer({ status: statusLike, message: text });

/** The IPN: three fields, as a POST body or GET query parameters (`ipn-notification.json`). */
export const ipnSchema = z.object({
  OrderNotificationType: z.string().min(1).max(40),
  OrderTrackingId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  OrderMerchantReference: z.string().min(1).max(50),
});

export type PesapalErrorBody = z.infer<typeof pesapalErrorSchema>;
