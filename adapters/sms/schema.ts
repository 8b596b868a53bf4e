/** Zod schema of the Africa's Talking `POST /version1/messaging` response. */
import { z } from 'zod';

const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

export const atRecipientSchema = z.object({
  statusCode: intLike,
  number: z.string(),
  status: z.string(),
  /** "KES 0.8000", or "0" when nothing was charged. */
  cost: z.string(),
  /** "ATXid_…", or "None" when the message was not sent. */
  messageId: z.string(),
  messageParts: intLike.optional(),
});

export const atSendResponseSchema = z.object({
  SMSMessageData: z.object({
    /** "Sent to 2/2 Total Cost: KES 1.6000", or an error name when nothing was sent. */
    Message: z.string(),
    Recipients: z.array(atRecipientSchema),
  }),
});

export type AtRecipient = z.infer<typeof atRecipientSchema>;
export type AtSendResponse = z.infer<typeof atSendResponseSchema>;
