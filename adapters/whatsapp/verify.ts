/**
 * The GET handshake Meta sends when a webhook URL is saved (WhatsApp, Messenger, Instagram):
 * answer 200 with the raw `hub.challenge` when `hub.verify_token` matches, 403 otherwise.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type HandshakeQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export type HandshakeResult =
  | { ok: true; status: 200; contentType: 'text/plain'; body: string }
  | {
      ok: false;
      status: 403;
      reason: 'unconfigured' | 'wrong_mode' | 'token_mismatch' | 'missing_challenge';
    };

export function verifyHandshake(
  query: HandshakeQuery,
  verifyToken: string | undefined,
): HandshakeResult {
  if (verifyToken === undefined || verifyToken === '') return refuse('unconfigured');
  if (first(query['hub.mode']) !== 'subscribe') return refuse('wrong_mode');
  const token = first(query['hub.verify_token']);
  if (token === undefined || !sameSecret(token, verifyToken)) return refuse('token_mismatch');
  const challenge = first(query['hub.challenge']);
  if (challenge === undefined || challenge === '') return refuse('missing_challenge');
  return { ok: true, status: 200, contentType: 'text/plain', body: challenge };
}

function refuse(
  reason: Extract<HandshakeResult, { ok: false }>['reason'],
): Extract<HandshakeResult, { ok: false }> {
  return { ok: false, status: 403, reason };
}

function first(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/** Constant-time comparison of two strings of any length. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
