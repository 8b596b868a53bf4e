import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** RFC 3986 encoding, as SigV4 wants it. */
const enc = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();
export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export type SigV4Result =
  | { ok: true; accessKeyId: string }
  | {
      ok: false;
      code: 'AccessDenied' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch';
      message: string;
    };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way S3 does (header-signed
 * requests; the payload hash is the client's `x-amz-content-sha256`, checked separately).
 */
export function verifySigV4(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  secrets: ReadonlyMap<string, string>,
): SigV4Result {
  const m = AUTH.exec(String(headers.authorization ?? ''));
  if (!m) return { ok: false, code: 'AccessDenied', message: 'missing or malformed Authorization' };
  const [, accessKeyId, day, region, signedHeaders, signature] = m as unknown as string[];
  const secret = secrets.get(accessKeyId!);
  if (!secret) return { ok: false, code: 'InvalidAccessKeyId', message: 'unknown access key' };
  const amzDate = String(headers['x-amz-date'] ?? '');
  const [path = '/', query = ''] = rawUrl.split('?', 2) as [string, string?];
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const [k = '', v = ''] = p.split('=', 2);
      return [enc(decodeURIComponent(k)), enc(decodeURIComponent(v.replace(/\+/g, '%20')))];
    })
    .sort(([a = '', x = ''], [b = '', y = '']) =>
      a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
    )
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names
    .map((n) => `${n}:${[headers[n] ?? ''].flat().join(',').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonical = [
    method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    String(headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'),
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), 's3'), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  return expected === signature
    ? { ok: true, accessKeyId: accessKeyId! }
    : {
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      };
}
