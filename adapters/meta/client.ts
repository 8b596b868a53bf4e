/**
 * Send API calls (`POST /{version}/me/messages`) with the Page (or Instagram) access token.
 * Failures are GraphErrors with the Graph code; see ../whatsapp/graph-error.ts.
 */
import { graphRequest, joinUrl, parseJsonBody, unexpectedAnswer } from '../whatsapp/graph-request';
import type { MetaChannel } from './inbound';
import type { MetaSendBody, MetaSenderActionBody } from './render';
import { metaSendResponseSchema } from './schema';

export interface MetaClientOptions {
  channel: MetaChannel;
  graphUrl: string;
  apiVersion: string;
  timeoutMs: number;
}

/** The tenant's Page (Messenger) or Instagram account and its access token. */
export interface MetaAccount {
  accessToken: string;
}

export interface MetaSendResult {
  /** `mid` of the sent message. */
  messageId: string;
  recipientId?: string;
}

export async function sendMetaMessage(
  options: MetaClientOptions,
  account: MetaAccount,
  body: MetaSendBody,
): Promise<MetaSendResult> {
  const response = await graphRequest({
    provider: options.channel,
    operation: 'send',
    method: 'POST',
    url: messagesUrl(options),
    accessToken: account.accessToken,
    json: body,
    timeoutMs: options.timeoutMs,
  });
  const parsed = metaSendResponseSchema.safeParse(parseJsonBody(response.body));
  if (!parsed.success) throw unexpectedAnswer(options.channel, 'send', response, 'no message id');
  const result: MetaSendResult = { messageId: parsed.data.message_id };
  if (parsed.data.recipient_id !== undefined) result.recipientId = parsed.data.recipient_id;
  return result;
}

export async function sendMetaSenderAction(
  options: MetaClientOptions,
  account: MetaAccount,
  body: MetaSenderActionBody,
): Promise<void> {
  await graphRequest({
    provider: options.channel,
    operation: body.sender_action,
    method: 'POST',
    url: messagesUrl(options),
    accessToken: account.accessToken,
    json: body,
    timeoutMs: options.timeoutMs,
  });
}

function messagesUrl(options: MetaClientOptions): string {
  return joinUrl(options.graphUrl, options.apiVersion, 'me', 'messages');
}
