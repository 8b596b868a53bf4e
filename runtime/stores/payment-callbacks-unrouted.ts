/**
 * `public.payment_callbacks_unrouted`: payment callbacks that reached no pending request (unknown
 * token, unknown checkout, late, mismatched, unreadable). Kept with the reason, never dropped.
 * This module is the table's only writer.
 */
import type { Queryable } from '../../contract';

export type UnroutedReason =
  'unknown_token' | 'bad_shape' | 'unknown_checkout' | 'late' | 'mismatch';

export interface UnroutedCallback {
  provider: string;
  token: string | null;
  tenant: string | null;
  checkoutId: string | null;
  reason: UnroutedReason;
  headers: Record<string, string>;
  body: string;
}

/** Bytes of a callback body kept (a huge body is cut, and said to be). */
const MAX_BODY_CHARS = 64 * 1024;

/** NUL cannot be stored in text; lone surrogates became U+FFFD when the body was decoded. */
const clean = (s: string) => s.replaceAll('\u0000', '\uFFFD');

export async function recordUnrouted(q: Queryable, c: UnroutedCallback): Promise<number> {
  const body = clean(c.body);
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO public.payment_callbacks_unrouted
       (provider, token, tenant_slug, checkout_id, reason, headers, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      c.provider,
      c.token === null ? null : clean(c.token.slice(0, 200)),
      c.tenant,
      c.checkoutId === null ? null : clean(c.checkoutId.slice(0, 200)),
      c.reason,
      JSON.stringify(c.headers),
      body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS)}…[cut]` : body,
    ],
  );
  return Number(rows[0]!.id);
}

export async function unroutedOf(
  q: Queryable,
  tenant: string,
  limit = 50,
): Promise<{ id: number; reason: string; checkoutId: string | null; receivedMs: number }[]> {
  const { rows } = await q.query<{
    id: number;
    reason: string;
    checkout_id: string | null;
    received_at: Date;
  }>(
    `SELECT id, reason, checkout_id, received_at FROM public.payment_callbacks_unrouted
     WHERE tenant_slug = $1 ORDER BY id DESC LIMIT $2`,
    [tenant, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    reason: r.reason,
    checkoutId: r.checkout_id,
    receivedMs: r.received_at.getTime(),
  }));
}
