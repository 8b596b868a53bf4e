/**
 * What the payment providers' webhook parsers (Daraja's STK callback, PesaPal's IPN) share: the
 * body's text within a size, and a body that fails its schema said in one line.
 */
import type { z } from 'zod';

/** A webhook body that did not parse, and why (for the log and the 400). */
export interface Unparsed {
  ok: false;
  reason: 'not_json' | 'bad_shape';
  detail: string;
}

/** The body's text, or `bad_shape` when it is larger than `maxBytes` (`what` names it). */
export function bodyText(
  raw: Uint8Array | string,
  maxBytes: number,
  what: string,
): string | Unparsed {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  if (text.length <= maxBytes) return text;
  return { ok: false, reason: 'bad_shape', detail: `${what} larger than ${maxBytes / 1024} KiB` };
}

/** The first issue of a body its schema refused: `path: message`. */
export function badShape(error: z.ZodError): Unparsed {
  const issue = error.issues[0];
  const detail = `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
  return { ok: false, reason: 'bad_shape', detail };
}
