/**
 * Zod schemas of the PesaPal API 3.0 wire format. PesaPal answers HTTP 200 with `status` "500"
 * and an `error` object when it refuses, and the error object's type field is `type` in its
 * Postman description but `error_type` in real answers: both are accepted.
 */
import { z } from 'zod';

/** `status` arrives as "200" (a string) in every sample; a number is accepted too. */
const statusLike = z.union([z.string(), z.number()]).transform(String);

export const pesapalErrorSchema = z
  .object({
    error_type: z.string().nullish(),
    type: z.string().nullish(),
    code: z.string().nullish(),
    message: z.string().nullish(),
  })
  .nullish();

export const authResponseSchema = z.object({
  token: z.string().nullish(),
  expiryDate: z.string().nullish(),
  error: pesapalErrorSchema,
  status: statusLike.nullish(),
  message: z.string().nullish(),
});

export const registerIpnResponseSchema = z.object({
  url: z.string().nullish(),
  ipn_id: z.string().nullish(),
  error: pesapalErrorSchema,
  status: statusLike.nullish(),
});

export const submitOrderResponseSchema = z.object({
  order_tracking_id: z.string().nullish(),
  merchant_reference: z.string().nullish(),
  redirect_url: z.string().nullish(),
  error: pesapalErrorSchema,
  status: statusLike.nullish(),
});

export const transactionStatusSchema = z.object({
  payment_method: z.string().nullish(),
  amount: z.number(),
  created_date: z.string().nullish(),
  confirmation_code: z.string().nullish(),
  payment_status_description: z.string().nullish(),
  description: z.string().nullish(),
  payment_account: z.string().nullish(),
  status_code: z.number().int(),
  merchant_reference: z.string().nullish(),
  currency: z.string().nullish(),
  error: pesapalErrorSchema,
  status: statusLike.nullish(),
});

export const refundResponseSchema = z.object({
  status: statusLike,
  message: z.string().nullish(),
  error: pesapalErrorSchema,
});

/** The IPN: three fields, as a POST body or GET query parameters (`ipn-notification.json`). */
export const ipnSchema = z.object({
  OrderNotificationType: z.string().min(1).max(40),
  OrderTrackingId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  OrderMerchantReference: z.string().min(1).max(50),
});

export type PesapalErrorBody = z.infer<typeof pesapalErrorSchema>;
