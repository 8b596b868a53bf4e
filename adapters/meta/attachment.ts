/**
 * Downloads a Messenger / Instagram attachment (a voice note's audio) from the `payload.url` the
 * webhook carried. Unlike WhatsApp media, that URL is a signed CDN link that is fetched directly:
 * no Graph lookup and no access token (the token is never sent to the CDN). Failures are
 * GraphErrors classified like the Send API's: 5xx and timeouts retryable, 403/404 (an expired
 * link) final.
 */
import { GraphError, graphErrorFromResponse, graphErrorFromThrown } from '../whatsapp/graph-error';
import type { MetaChannel } from './inbound';

export interface MetaAttachment {
  bytes: Buffer;
  /** The `Content-Type` the CDN answered with (without parameters' case changes). */
  mimeType: string;
}

export interface AttachmentOptions {
  channel: MetaChannel;
  timeoutMs: number;
  /** Larger downloads are refused (Messenger attachments are at most 25 MB). */
  maxBytes: number;
}

export async function fetchMetaAttachment(
  options: AttachmentOptions,
  url: string,
): Promise<MetaAttachment> {
  const operation = 'attachment download';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(options.channel, 'not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalid(options.channel, `unsupported scheme ${parsed.protocol}`);
  let response: Response;
  try {
    response = await fetch(parsed, {
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'follow',
    });
  } catch (err) {
    throw graphErrorFromThrown(options.channel, operation, err);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw graphErrorFromResponse(options.channel, operation, response, text);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(options, response.status);
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (err) {
    throw graphErrorFromThrown(options.channel, operation, err);
  }
  if (bytes.length > options.maxBytes) throw tooLarge(options, response.status);
  const mimeType = (response.headers.get('content-type') ?? 'application/octet-stream').trim();
  return { bytes, mimeType };
}

function invalid(channel: MetaChannel, why: string): GraphError {
  return new GraphError({
    provider: channel,
    message: `${channel} attachment download: ${why}`,
    reason: 'invalid_request',
    retryable: false,
  });
}

function tooLarge(options: AttachmentOptions, status: number): GraphError {
  return new GraphError({
    provider: options.channel,
    message: `${options.channel} attachment download: larger than ${options.maxBytes} bytes`,
    reason: 'too_large',
    retryable: false,
    status,
  });
}
