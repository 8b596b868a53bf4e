/**
 * WhatsApp Cloud API adapter: webhook signature, handshake and parsing, rendering of
 * channel-neutral replies, and the Graph API calls (send, mark read, media). No I/O happens at
 * creation; per-tenant credentials are passed to each call.
 */
import { RatibaError } from '../../contract';
import {
  fetchWhatsAppMedia,
  markWhatsAppRead,
  sendWhatsAppMessage,
  type WhatsAppAccount,
  type WhatsAppMedia,
  type WhatsAppSendResult,
} from './client';
import type { GraphOptions, WebhookChannel } from './channel';
import { parseWhatsAppWebhook, type WhatsAppInboundItem } from './inbound';
import { renderWhatsAppMessage, type WhatsAppRenderOptions } from './render';
import {
  renderWhatsAppMarkRead,
  renderWhatsAppTemplate,
  type WhatsAppSendBody,
  type WhatsAppTemplate,
} from './send-body';
import { verifySignature } from './signature';
import { verifyHandshake } from './verify';

export interface WhatsAppOptions extends GraphOptions {
  /** Largest media download accepted (WhatsApp audio is at most 16 MB). */
  maxMediaBytes: number;
}

export const DEFAULT_WHATSAPP_OPTIONS: Readonly<WhatsAppOptions> = {
  graphUrl: 'https://graph.facebook.com',
  apiVersion: 'v23.0',
  timeoutMs: 10_000,
  appSecret: undefined,
  verifyToken: undefined,
  maxMediaBytes: 16 * 1024 * 1024,
};

export interface WhatsAppAdapter extends WebhookChannel<
  WhatsAppOptions,
  WhatsAppInboundItem,
  WhatsAppRenderOptions,
  WhatsAppSendBody
> {
  /** An approved template, for outside the 24-hour window. Throws on an invalid name. */
  renderTemplate(to: string, template: WhatsAppTemplate): WhatsAppSendBody;
  /** Sends a rendered body; resolves with the accepted wamid, rejects with a GraphError. */
  send(account: WhatsAppAccount, body: WhatsAppSendBody): Promise<WhatsAppSendResult>;
  /** Marks an inbound message (and the ones before it) read: blue ticks. */
  markRead(account: WhatsAppAccount, messageId: string): Promise<void>;
  /** Downloads an inbound media (voice note, image) by the id in the webhook. */
  fetchMedia(account: WhatsAppAccount, mediaId: string): Promise<WhatsAppMedia>;
}

export function createWhatsAppAdapter(options: Partial<WhatsAppOptions> = {}): WhatsAppAdapter {
  const resolved = resolveOptions(options);
  return {
    options: resolved,
    verifySignature: (rawBody, header) => verifySignature(rawBody, header, resolved.appSecret),
    verifyHandshake: (query) => verifyHandshake(query, resolved.verifyToken),
    parse: (rawBody) => parseWhatsAppWebhook(rawBody),
    render: (to, message, renderOptions) => renderWhatsAppMessage(to, message, renderOptions),
    renderTemplate: (to, template) => renderWhatsAppTemplate(to, template),
    send: (account, body) => sendWhatsAppMessage(resolved, account, body),
    markRead: (account, messageId) =>
      markWhatsAppRead(resolved, account, renderWhatsAppMarkRead(messageId)),
    fetchMedia: (account, mediaId) => fetchWhatsAppMedia(resolved, account, mediaId),
  };
}

function resolveOptions(options: Partial<WhatsAppOptions>): Readonly<WhatsAppOptions> {
  const d = DEFAULT_WHATSAPP_OPTIONS;
  const resolved: WhatsAppOptions = {
    graphUrl: options.graphUrl ?? d.graphUrl,
    apiVersion: options.apiVersion ?? d.apiVersion,
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    appSecret: options.appSecret ?? d.appSecret,
    verifyToken: options.verifyToken ?? d.verifyToken,
    maxMediaBytes: options.maxMediaBytes ?? d.maxMediaBytes,
  };
  const problems = checkGraphOptions(resolved);
  if (!(resolved.maxMediaBytes > 0)) problems.push('maxMediaBytes must be positive');
  if (problems.length > 0) {
    throw new RatibaError('invalid_config', `whatsapp adapter: ${problems.join('; ')}`);
  }
  return Object.freeze({ ...resolved, graphUrl: resolved.graphUrl.replace(/\/+$/, '') });
}

/** Shared by the Meta adapter: a usable base URL, a `vNN.N` version and a positive timeout. */
export function checkGraphOptions(options: {
  graphUrl: string;
  apiVersion: string;
  timeoutMs: number;
}): string[] {
  const problems: string[] = [];
  if (!URL.canParse(options.graphUrl) || !/^https?:/.test(options.graphUrl)) {
    problems.push(`graphUrl is not an http(s) URL: ${options.graphUrl}`);
  }
  if (!/^v\d+\.\d+$/.test(options.apiVersion)) {
    problems.push(`apiVersion must look like v23.0: ${options.apiVersion}`);
  }
  if (!(options.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  return problems;
}

export { GraphError, type GraphErrorReason } from './graph-error';
export { SIGNATURE_HEADER, signatureHeader, type SignatureResult } from './signature';
export { WHATSAPP_LIMITS, type WhatsAppRenderOptions } from './render';
export type { HandshakeQuery, HandshakeResult } from './verify';
export type { WhatsAppAccount, WhatsAppMedia, WhatsAppSendResult } from './client';
export type {
  ParseFailure,
  ParseResult,
  WhatsAppAccountError,
  WhatsAppContent,
  WhatsAppError,
  WhatsAppInboundItem,
  WhatsAppInboundMessage,
  WhatsAppStatusUpdate,
} from './inbound';
export type {
  WhatsAppButtonsBody,
  WhatsAppListBody,
  WhatsAppMarkReadBody,
  WhatsAppSendBody,
  WhatsAppTemplate,
  WhatsAppTemplateBody,
  WhatsAppTextBody,
} from './send-body';
export type { HeaderValue, RawBody } from './signature';
