/**
 * `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw request body with the Meta App
 * Secret. The same scheme signs WhatsApp, Messenger and Instagram webhooks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * - `ok`: the body was signed with the secret.
 * - `missing`: no header (or an empty one).
 * - `malformed`: not `sha256=` followed by 64 hex digits (wrong length, non-hex, other scheme).
 * - `mismatch`: well-formed, but not this body with this secret.
 * - `unconfigured`: no app secret is configured, so nothing can be accepted.
 */
export type SignatureResult = 'ok' | 'missing' | 'malformed' | 'mismatch' | 'unconfigured';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

export type RawBody = Uint8Array | string;

export type HeaderValue = string | readonly string[] | undefined;

/** Checks a signature header against the raw body bytes. Never throws. */
export function verifySignature(
  rawBody: RawBody,
  header: HeaderValue,
  appSecret: string | undefined,
): SignatureResult {
  if (appSecret === undefined || appSecret === '') return 'unconfigured';
  const value = single(header);
  // Two signature headers on one request: refuse rather than pick one.
  if (value === DUPLICATE) return 'malformed';
  if (value === undefined || value.trim() === '') return 'missing';
  const match = SIGNATURE.exec(value.trim());
  const hex = match?.[1];
  if (hex === undefined) return 'malformed';
  const expected = hmac(rawBody, appSecret);
  const given = Buffer.from(hex, 'hex');
  return timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

/** The header value Meta would send for `rawBody` (for fakes and tests). */
export function signatureHeader(rawBody: RawBody, appSecret: string): string {
  return `sha256=${hmac(rawBody, appSecret).toString('hex')}`;
}

function hmac(rawBody: RawBody, appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update(rawBody).digest();
}

const DUPLICATE = Symbol('duplicate');

function single(header: HeaderValue): string | typeof DUPLICATE | undefined {
  if (header === undefined || typeof header === 'string') return header;
  return header.length > 1 ? DUPLICATE : header[0];
}
