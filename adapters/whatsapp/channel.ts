/**
 * What every Meta channel adapter (WhatsApp, and Messenger / Instagram in ../meta) has alike: the
 * Graph API and webhook settings, and the webhook side (signature, handshake, parsing) with the
 * rendering of channel-neutral replies. Each adapter adds its own sends.
 */
import type { OutboundMessage } from '../../contract';
import type { ParseResult } from './inbound';
import type { HeaderValue, RawBody, SignatureResult } from './signature';
import type { HandshakeQuery, HandshakeResult } from './verify';

export interface GraphOptions {
  /** Graph API base URL (a fake server's URL in tests). */
  graphUrl: string;
  /** Graph API version path segment, e.g. `v23.0`. */
  apiVersion: string;
  /** Deadline of each HTTP request. */
  timeoutMs: number;
  /** Meta App Secret for `X-Hub-Signature-256`; unset refuses every webhook. */
  appSecret: string | undefined;
  /** Token expected in the GET handshake; unset refuses every handshake. */
  verifyToken: string | undefined;
}

/** `O` the adapter's options, `M` what a webhook carries, `R`/`B` render options and body. */
export interface WebhookChannel<O extends GraphOptions, M, R, B> {
  readonly options: Readonly<O>;
  /** Checks `X-Hub-Signature-256` over the raw body bytes. Never throws. */
  verifySignature(rawBody: RawBody, header: HeaderValue): SignatureResult;
  /** GET handshake: 200 + challenge, or 403. */
  verifyHandshake(query: HandshakeQuery): HandshakeResult;
  /** Raw webhook body -> what it carries for this channel. Never throws. */
  parse(rawBody: RawBody): ParseResult<M>;
  /** A reply to `to` (a phone number, a PSID / IGSID), within this channel's limits. */
  render(to: string, message: OutboundMessage, options?: R): B;
}
