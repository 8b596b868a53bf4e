/**
 * Zod schemas of the WhatsApp Cloud API webhook (the `messages` field of a WhatsApp Business
 * Account subscription). Unknown keys are dropped; message types and change fields this
 * adapter does not model still validate (as "other"), so a new Meta feature never makes a whole
 * batch unreadable.
 */
import { z } from 'zod';

/** WhatsApp timestamps are Unix seconds as strings; numbers are accepted too. */
export const unixSecondsSchema = z.union([
  z.string().regex(/^\d{1,12}$/, 'expected Unix seconds'),
  z.number().int().nonnegative(),
]);

/** Async error object (statuses[].errors[], value.errors[], messages[].errors[]). */
export const graphErrorObjectSchema = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

/** A string that is not one of `known` (the catch-all branch of an open union). */
function otherThan(known: readonly string[]) {
  return z.string().refine((value) => !known.includes(value), {
    message: 'known value with an invalid shape',
    abort: true,
  });
}

const contactSchema = z.object({
  wa_id: z.string().min(1),
  profile: z.object({ name: z.string().optional() }).optional(),
});

const messageBase = z.object({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: unixSecondsSchema,
  context: z.object({ from: z.string().optional(), id: z.string().optional() }).optional(),
  errors: z.array(graphErrorObjectSchema).optional(),
});

const mediaSchema = z.object({
  id: z.string().min(1),
  mime_type: z.string().min(1),
  sha256: z.string().optional(),
  url: z.string().optional(),
});

const INTERACTIVE_TYPES = ['button_reply', 'list_reply'] as const;

const interactiveSchema = z.union([
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('button_reply'),
      button_reply: z.object({ id: z.string(), title: z.string() }),
    }),
    z.object({
      type: z.literal('list_reply'),
      list_reply: z.object({
        id: z.string(),
        title: z.string(),
        description: z.string().optional(),
      }),
    }),
  ]),
  // nfm_reply (Flows) and whatever comes next.
  z.object({ type: otherThan(INTERACTIVE_TYPES) }),
]);

export const MESSAGE_TYPES = [
  'text',
  'interactive',
  'button',
  'audio',
  'image',
  'location',
] as const;

export const knownMessageSchema = z.discriminatedUnion('type', [
  messageBase.extend({ type: z.literal('text'), text: z.object({ body: z.string() }) }),
  messageBase.extend({ type: z.literal('interactive'), interactive: interactiveSchema }),
  // Quick-reply button of a template message.
  messageBase.extend({
    type: z.literal('button'),
    button: z.object({ payload: z.string().optional(), text: z.string() }),
  }),
  messageBase.extend({
    type: z.literal('audio'),
    audio: mediaSchema.extend({ voice: z.boolean().optional() }),
  }),
  messageBase.extend({
    type: z.literal('image'),
    image: mediaSchema.extend({ caption: z.string().optional() }),
  }),
  messageBase.extend({
    type: z.literal('location'),
    location: z.object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
]);

/** video, document, sticker, reaction, contacts, order, system, unsupported, ... */
export const otherMessageSchema = messageBase.extend({ type: otherThan(MESSAGE_TYPES) });

export const messageSchema = z.union([knownMessageSchema, otherMessageSchema]);

export const STATUS_VALUES = ['sent', 'delivered', 'read', 'failed', 'played'] as const;

export const statusSchema = z.object({
  id: z.string().min(1),
  status: z.enum(STATUS_VALUES),
  timestamp: unixSecondsSchema,
  recipient_id: z.string().min(1),
  errors: z.array(graphErrorObjectSchema).optional(),
  biz_opaque_callback_data: z.string().optional(),
  pricing: z
    .object({
      billable: z.boolean().optional(),
      pricing_model: z.string().optional(),
      category: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
});

export const messagesValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({
    display_phone_number: z.string().optional(),
    phone_number_id: z.string().min(1),
  }),
  contacts: z.array(contactSchema).optional(),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  errors: z.array(graphErrorObjectSchema).optional(),
});

export const messagesChangeSchema = z.object({
  field: z.literal('messages'),
  value: messagesValueSchema,
});

const changeSchema = z.union([
  messagesChangeSchema,
  // account_update, message_template_status_update, ...: not for this adapter.
  z.object({ field: otherThan(['messages']), value: z.unknown() }),
]);

export const whatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ id: z.string(), changes: z.array(changeSchema) })),
});

export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>;
export type WhatsAppWireMessage = z.infer<typeof messageSchema>;
export type MessagesChange = z.infer<typeof messagesChangeSchema>;
export type KnownWireMessage = z.infer<typeof knownMessageSchema>;
export type WhatsAppWireStatus = z.infer<typeof statusSchema>;
export type GraphErrorObject = z.infer<typeof graphErrorObjectSchema>;

/** Synchronous Graph API error envelope. */
export const graphErrorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    error_data: z
      .union([z.object({ details: z.string().optional() }), z.string()])
      .optional()
      .catch(undefined),
    fbtrace_id: z.string().optional(),
  }),
});

export const sendResponseSchema = z.object({
  contacts: z.array(z.object({ input: z.string().optional(), wa_id: z.string() })).optional(),
  messages: z
    .array(z.object({ id: z.string().min(1), message_status: z.string().optional() }))
    .min(1),
});

export const mediaUrlResponseSchema = z.object({
  url: z.string().min(1),
  mime_type: z.string().min(1),
  sha256: z.string().optional(),
  file_size: z.union([z.string(), z.number()]).optional(),
  id: z.string().optional(),
});
