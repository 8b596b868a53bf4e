/**
 * Zod schemas of Messenger (`object: "page"`) and Instagram (`object: "instagram"`) messaging
 * webhooks: `entry[].messaging[]` events. Timestamps are Unix milliseconds as numbers. Events
 * this adapter does not act on (delivery, read, reaction, referral, ...) still validate.
 */
import { z } from 'zod';

const idSchema = z.object({ id: z.string().min(1) });

const attachmentSchema = z.object({
  type: z.string(),
  payload: z.object({ url: z.string().optional() }).nullish(),
});

export const metaMessageSchema = z.object({
  mid: z.string().min(1),
  text: z.string().optional(),
  quick_reply: z.object({ payload: z.string() }).optional(),
  attachments: z.array(attachmentSchema).optional(),
  reply_to: z.object({ mid: z.string().optional() }).optional(),
  /** A message the Page itself sent (our own replies, or a human typing in the inbox). */
  is_echo: z.boolean().optional(),
  /** Instagram: the customer unsent the message. */
  is_deleted: z.boolean().optional(),
  /** Instagram: a message type the API does not deliver. */
  is_unsupported: z.boolean().optional(),
});

export const metaPostbackSchema = z.object({
  mid: z.string().optional(),
  title: z.string().optional(),
  payload: z.string().optional(),
});

export const messagingEventSchema = z.object({
  sender: idSchema,
  recipient: idSchema,
  timestamp: z.number().int().nonnegative(),
  message: metaMessageSchema.optional(),
  postback: metaPostbackSchema.optional(),
});

export const META_OBJECTS = { messenger: 'page', instagram: 'instagram' } as const;

export const metaWebhookSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(
    z.object({
      /** Page id (Messenger) or Instagram professional account id. */
      id: z.string().min(1),
      time: z.number().optional(),
      /** Absent on entries that carry `changes` (comments, mentions) or `standby`. */
      messaging: z.array(messagingEventSchema).optional(),
    }),
  ),
});

export type MetaWebhook = z.infer<typeof metaWebhookSchema>;
export type MessagingEvent = z.infer<typeof messagingEventSchema>;

export const metaSendResponseSchema = z.object({
  recipient_id: z.string().optional(),
  message_id: z.string().min(1),
});
