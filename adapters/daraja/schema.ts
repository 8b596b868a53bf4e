/**
 * Zod schemas of the Daraja wire format (M-Pesa Express / STK push, its query, OAuth, reversal).
 * Daraja mixes numbers and numeric strings between endpoints and environments (`expires_in` is a
 * string live and a number in the docs; `ResultCode` is a number in callbacks and a string in
 * query responses), so numeric fields accept both.
 */
import { z } from 'zod';

const intLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

export const oauthResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: intLike,
});

export const stkPushResponseSchema = z.object({
  MerchantRequestID: z.string().min(1),
  CheckoutRequestID: z.string().min(1),
  ResponseCode: intLike,
  ResponseDescription: z.string(),
  CustomerMessage: z.string().optional(),
});

/** Error envelope of every Daraja API (`stk-error-response.json`, `query-still-processing.json`). */
export const darajaErrorSchema = z.object({
  requestId: z.string().optional(),
  errorCode: z.string(),
  errorMessage: z.string(),
});

export const stkQueryResponseSchema = z.object({
  ResponseCode: intLike,
  ResponseDescription: z.string(),
  MerchantRequestID: z.string(),
  CheckoutRequestID: z.string(),
  ResultCode: intLike,
  ResultDesc: z.string(),
});

const metadataItem = z.object({
  Name: z.string(),
  // `Balance` comes with no Value at all; others are numbers or strings.
  Value: z.union([z.number(), z.string()]).optional(),
});

export const stkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: z.string().min(1).max(100),
      CheckoutRequestID: z.string().min(1).max(100),
      ResultCode: intLike,
      ResultDesc: z.string().max(1000),
      CallbackMetadata: z.object({ Item: z.array(metadataItem).max(20) }).optional(),
    }),
  }),
});

export const reversalResponseSchema = z.object({
  OriginatorConversationID: z.string(),
  ConversationID: z.string(),
  ResponseCode: intLike,
  ResponseDescription: z.string(),
});

export type StkCallbackBody = z.infer<typeof stkCallbackSchema>;
