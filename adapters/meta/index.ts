/**
 * Messenger and Instagram adapter (one instance per channel): webhook signature, handshake and
 * parsing, rendering of channel-neutral replies, and the Send API. Sender ids (PSID / IGSID) are
 * separate identities from phone numbers and are passed through unchanged.
 */
import { RatibaError } from '../../contract';
import { fetchMetaAttachment, type MetaAttachment } from './attachment';
import type { GraphOptions, WebhookChannel } from '../whatsapp/channel';
import { checkGraphOptions } from '../whatsapp/index';
import {
  sendMetaMessage,
  sendMetaSenderAction,
  type MetaAccount,
  type MetaSendResult,
} from './client';
import { parseMetaWebhook, type MetaChannel, type MetaInboundMessage } from './inbound';
import {
  renderMetaMessage,
  renderMetaSenderAction,
  type MetaRenderOptions,
  type MetaSendBody,
} from './render';
import { verifySignature } from './signature';
import { verifyHandshake } from './verify';

export interface MetaOptions extends GraphOptions {
  /** Which webhook and Send API flavour this instance serves. */
  channel: MetaChannel;
  /** Largest attachment download accepted (voice notes); Messenger's limit is 25 MB. */
  maxAttachmentBytes: number;
}

export const DEFAULT_META_OPTIONS: Readonly<MetaOptions> = {
  channel: 'messenger',
  graphUrl: 'https://graph.facebook.com',
  apiVersion: 'v23.0',
  timeoutMs: 10_000,
  maxAttachmentBytes: 25 * 1024 * 1024,
  appSecret: undefined,
  verifyToken: undefined,
};

export interface MetaAdapter extends WebhookChannel<
  MetaOptions,
  MetaInboundMessage,
  MetaRenderOptions,
  MetaSendBody
> {
  /** Sends a rendered body; resolves with the `mid`, rejects with a GraphError. */
  send(account: MetaAccount, body: MetaSendBody): Promise<MetaSendResult>;
  /** Marks the conversation seen (`sender_action: mark_seen`). */
  markRead(account: MetaAccount, recipientId: string): Promise<void>;
  /** Downloads an attachment from the webhook's `payload.url` (no token: a signed CDN link). */
  fetchAttachment(url: string): Promise<MetaAttachment>;
}

export function createMetaAdapter(options: Partial<MetaOptions> = {}): MetaAdapter {
  const d = DEFAULT_META_OPTIONS;
  const resolved: MetaOptions = {
    channel: options.channel ?? d.channel,
    graphUrl: (options.graphUrl ?? d.graphUrl).replace(/\/+$/, ''),
    apiVersion: options.apiVersion ?? d.apiVersion,
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    maxAttachmentBytes: options.maxAttachmentBytes ?? d.maxAttachmentBytes,
    appSecret: options.appSecret ?? d.appSecret,
    verifyToken: options.verifyToken ?? d.verifyToken,
  };
  const problems = checkGraphOptions(resolved);
  if (!(resolved.maxAttachmentBytes > 0)) problems.push('maxAttachmentBytes must be positive');
  if (resolved.channel !== 'messenger' && resolved.channel !== 'instagram') {
    problems.push(`channel must be messenger or instagram: ${String(resolved.channel)}`);
  }
  if (problems.length > 0) {
    throw new RatibaError('invalid_config', `meta adapter: ${problems.join('; ')}`);
  }
  const frozen = Object.freeze(resolved);
  const { channel } = frozen;
  return {
    options: frozen,
    verifySignature: (rawBody, header) => verifySignature(rawBody, header, frozen.appSecret),
    verifyHandshake: (query) => verifyHandshake(query, frozen.verifyToken),
    parse: (rawBody) => parseMetaWebhook(channel, rawBody),
    render: (recipientId, message, renderOptions) =>
      renderMetaMessage(channel, recipientId, message, renderOptions),
    send: (account, body) => sendMetaMessage(frozen, account, body),
    markRead: (account, recipientId) =>
      sendMetaSenderAction(frozen, account, renderMetaSenderAction(recipientId, 'mark_seen')),
    fetchAttachment: (url) =>
      fetchMetaAttachment(
        { channel, timeoutMs: frozen.timeoutMs, maxBytes: frozen.maxAttachmentBytes },
        url,
      ),
  };
}

export type { MetaAttachment } from './attachment';
export type { MetaAccount, MetaSendResult } from './client';
export type { MetaChannel, MetaContent, MetaInboundMessage } from './inbound';
export {
  META_LIMITS,
  type MetaButtonTemplate,
  type MetaMessagePayload,
  type MetaMessageTag,
  type MetaQuickReply,
  type MetaRenderOptions,
  type MetaSendBody,
  type MetaSenderActionBody,
} from './render';
export { GraphError, type GraphErrorReason } from '../whatsapp/graph-error';
export type { ParseFailure, ParseResult } from '../whatsapp/inbound';
export type { HandshakeQuery, HandshakeResult } from './verify';
export type { HeaderValue, RawBody, SignatureResult } from './signature';
