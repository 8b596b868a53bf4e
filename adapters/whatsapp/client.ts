/**
 * Cloud API calls with the tenant's access token: send a message, mark one read, download media.
 * Failures are GraphErrors (ProviderError) carrying the Graph error code and whether a retry can
 * help; see graph-error.ts.
 */
import { createHash } from 'node:crypto';
import { GraphError } from './graph-error';
import { graphRequest, joinUrl, parseJsonBody, unexpectedAnswer } from './graph-request';
import { mediaUrlResponseSchema, sendResponseSchema } from './schema';
import type { WhatsAppMarkReadBody, WhatsAppSendBody } from './send-body';

export const WHATSAPP_PROVIDER = 'whatsapp';

export interface WhatsAppClientOptions {
  graphUrl: string;
  apiVersion: string;
  timeoutMs: number;
  maxMediaBytes: number;
}

/** A tenant's WhatsApp business number and its access token (from the tenant registry). */
export interface WhatsAppAccount {
  phoneNumberId: string;
  accessToken: string;
}

export interface WhatsAppSendResult {
  /** wamid: status webhooks refer to it. */
  messageId: string;
  /** The recipient's WhatsApp id, as Meta resolved the `to` number. */
  waId?: string;
  /** Templates: `accepted`, `held_for_quality_assessment` or `paused`. */
  messageStatus?: string;
}

export interface WhatsAppMedia {
  bytes: Buffer;
  mimeType: string;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  /**
   * Whether `bytes` match the sha256 Meta announced for the media. A mismatch is reported, not
   * thrown: what exactly Meta hashes is not confirmed, so the caller decides.
   */
  integrity: 'verified' | 'mismatch' | 'unchecked';
}

export async function sendWhatsAppMessage(
  options: WhatsAppClientOptions,
  account: WhatsAppAccount,
  body: WhatsAppSendBody,
): Promise<WhatsAppSendResult> {
  const response = await graphRequest({
    provider: WHATSAPP_PROVIDER,
    operation: 'send',
    method: 'POST',
    url: messagesUrl(options, account),
    accessToken: account.accessToken,
    json: body,
    timeoutMs: options.timeoutMs,
  });
  const parsed = sendResponseSchema.safeParse(parseJsonBody(response.body));
  const accepted = parsed.success ? parsed.data.messages[0] : undefined;
  if (!parsed.success || accepted === undefined) {
    throw unexpectedAnswer(WHATSAPP_PROVIDER, 'send', response, 'no message id');
  }
  const result: WhatsAppSendResult = { messageId: accepted.id };
  const waId = parsed.data.contacts?.[0]?.wa_id;
  if (waId !== undefined) result.waId = waId;
  if (accepted.message_status !== undefined) result.messageStatus = accepted.message_status;
  return result;
}

export async function markWhatsAppRead(
  options: WhatsAppClientOptions,
  account: WhatsAppAccount,
  body: WhatsAppMarkReadBody,
): Promise<void> {
  await graphRequest({
    provider: WHATSAPP_PROVIDER,
    operation: 'mark read',
    method: 'POST',
    url: messagesUrl(options, account),
    accessToken: account.accessToken,
    json: body,
    timeoutMs: options.timeoutMs,
  });
}

/**
 * Media of an inbound message (voice note, image): look up the short-lived URL by media id,
 * then download it with the same token. The URL expires after 5 minutes, so a 404 on the
 * download looks the URL up once more.
 */
export async function fetchWhatsAppMedia(
  options: WhatsAppClientOptions,
  account: WhatsAppAccount,
  mediaId: string,
): Promise<WhatsAppMedia> {
  try {
    return await downloadOnce(options, account, mediaId);
  } catch (err) {
    if (!(err instanceof GraphError) || err.status !== 404 || err.graphCode !== undefined) {
      throw err;
    }
    return downloadOnce(options, account, mediaId);
  }
}

async function downloadOnce(
  options: WhatsAppClientOptions,
  account: WhatsAppAccount,
  mediaId: string,
): Promise<WhatsAppMedia> {
  const lookupUrl = new URL(joinUrl(options.graphUrl, options.apiVersion, mediaId));
  lookupUrl.searchParams.set('phone_number_id', account.phoneNumberId);
  const lookup = await graphRequest({
    provider: WHATSAPP_PROVIDER,
    operation: 'media lookup',
    method: 'GET',
    url: lookupUrl.toString(),
    accessToken: account.accessToken,
    timeoutMs: options.timeoutMs,
  });
  const meta = mediaUrlResponseSchema.safeParse(parseJsonBody(lookup.body));
  if (!meta.success) {
    throw unexpectedAnswer(WHATSAPP_PROVIDER, 'media lookup', lookup, 'no media url');
  }
  const download = await graphRequest({
    provider: WHATSAPP_PROVIDER,
    operation: 'media download',
    method: 'GET',
    url: meta.data.url,
    accessToken: account.accessToken,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxMediaBytes,
    binary: true,
  });
  const digest = createHash('sha256').update(download.body).digest();
  return {
    bytes: download.body,
    mimeType: meta.data.mime_type,
    sha256: digest.toString('hex'),
    integrity: integrity(meta.data.sha256, digest),
  };
}

/** Meta gives the hash as hex; base64 is compared too. Anything else is not checked. */
function integrity(announced: string | undefined, digest: Buffer): WhatsAppMedia['integrity'] {
  if (announced === undefined) return 'unchecked';
  if (/^[0-9a-fA-F]{64}$/.test(announced)) {
    return announced.toLowerCase() === digest.toString('hex') ? 'verified' : 'mismatch';
  }
  if (/^[A-Za-z0-9+/]{43}=$/.test(announced)) {
    return announced === digest.toString('base64') ? 'verified' : 'mismatch';
  }
  return 'unchecked';
}

function messagesUrl(options: WhatsAppClientOptions, account: WhatsAppAccount): string {
  return joinUrl(options.graphUrl, options.apiVersion, account.phoneNumberId, 'messages');
}
