import type { ChatDelivery, ChatMessage, ReplyWindow } from '../../contract';
import { ident, type Queryable, type TenantSchema } from '../../contract';
import { maskPhonesIn } from './pii-mask';

/** WhatsApp's customer-service window. */
export const WINDOW_MS = 24 * 3600_000;

export interface TurnRow {
  seq: number;
  event_type: string;
  event: Record<string, unknown>;
  effects: unknown;
  at_ms: number | string;
}

/** What became of one outgoing message (outbox row, and the provider's latest delivery). */
export interface SendRow {
  idempotency_key: string;
  status: 'pending' | 'done' | 'dead';
  last_error: string | null;
  delivery_status: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | null;
  delivery_kind: 'message' | 'template' | 'sms' | null;
  delivery_errors: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Titles of the buttons or list rows a bot message offered. */
function choicesOf(message: Record<string, unknown>): string[] {
  if (Array.isArray(message.buttons))
    return (message.buttons as { title?: unknown }[]).map((b) => str(b.title) ?? '');
  if (Array.isArray(message.sections))
    return (message.sections as { rows?: { title?: unknown }[] }[]).flatMap((sec) =>
      (sec.rows ?? []).map((r) => str(r.title) ?? ''),
    );
  return [];
}

/** The provider's words for a failure (Graph error title/message), else the outbox's error. */
function failureText(send: SendRow): string {
  const errs = Array.isArray(send.delivery_errors) ? (send.delivery_errors as unknown[]) : [];
  const first = errs[0] as { title?: unknown; message?: unknown; code?: unknown } | undefined;
  const said = str(first?.message) ?? str(first?.title);
  const code = first?.code;
  if (said)
    return typeof code === 'number' || typeof code === 'string' ? `${said} (${code})` : said;
  return send.last_error ?? 'not delivered';
}

export function deliveryOf(send: SendRow | undefined): {
  delivery: ChatDelivery;
  error: string | null;
} {
  // No outbox row: sent before the retention window, or by the simulator in the same turn.
  if (!send) return { delivery: 'sent', error: null };
  if (send.status === 'dead') return { delivery: 'failed', error: failureText(send) };
  if (send.status === 'pending') return { delivery: 'pending', error: null };
  const via =
    send.delivery_kind === 'sms'
      ? 'sent as SMS instead'
      : send.delivery_kind === 'template'
        ? 'sent as an approved template'
        : null;
  switch (send.delivery_status) {
    case null:
    case 'accepted':
      return { delivery: 'sent', error: via };
    case 'sent':
    case 'delivered':
    case 'read':
      return { delivery: send.delivery_status, error: via };
    case 'failed':
      return { delivery: 'failed', error: failureText(send) };
  }
}

/**
 * A thread's turns as the chat an operator reads: the customer's messages, the bot's replies and
 * the operator's, each reply with what became of it. Phone numbers inside texts are masked unless
 * `reveal`.
 */
export function chatMessages(
  turns: TurnRow[],
  sends: Map<string, SendRow>,
  keyOf: (seq: number, i: number) => string,
  reveal: boolean,
): ChatMessage[] {
  const shown = (t: string) => (reveal ? t : maskPhonesIn(t));
  const out: ChatMessage[] = [];
  for (const t of turns) {
    const at = Number(t.at_ms);
    const e = t.event;
    if (t.event_type === 'message') {
      out.push({
        id: `${t.seq}:in`,
        seq: t.seq,
        author: 'customer',
        text: shown(str(e.text) ?? ''),
        at,
        channel: str(e.channel),
        delivery: null,
        error: null,
        choices: [],
        voiceNote: e.voiceNote === true,
        media: str(e.media),
      });
    }
    const effects = Array.isArray(t.effects) ? (t.effects as Record<string, unknown>[]) : [];
    effects.forEach((fx, i) => {
      if (fx.type !== 'reply' || !fx.message || typeof fx.message !== 'object') return;
      const message = fx.message as Record<string, unknown>;
      out.push({
        id: `${t.seq}:${i}`,
        seq: t.seq,
        author: t.event_type === 'operator.message' ? 'operator' : 'bot',
        text: shown(str(message.text) ?? ''),
        at,
        channel: null,
        ...deliveryOf(sends.get(keyOf(t.seq, i))),
        choices: choicesOf(message),
        voiceNote: false,
        media: null,
      });
    });
  }
  return out;
}

/** The newest `limit` turns that carry messages, oldest first, and the outcome of their sends. */
export async function readConversation(
  q: Queryable,
  schema: TenantSchema,
  tenant: string,
  threadKey: string,
  opts: { before?: number; limit: number; reveal: boolean },
): Promise<{ messages: ChatMessage[]; olderBefore: number | null; lastInboundAt: number | null }> {
  const s = ident(schema);
  const { rows } = await q.query<TurnRow>(
    `SELECT seq, event_type, event, effects, (extract(epoch FROM created_at) * 1000)::bigint AS at_ms
     FROM ${s}.journal
     WHERE thread_key = $1 AND ($2::bigint IS NULL OR seq < $2)
       AND (event_type IN ('message', 'operator.message') OR effects @> '[{"type":"reply"}]'::jsonb)
     ORDER BY seq DESC LIMIT $3`,
    [threadKey, opts.before ?? null, opts.limit + 1],
  );
  const more = rows.length > opts.limit;
  const turns = rows.slice(0, opts.limit).reverse();
  const keyOf = (seq: number, i: number) => `${tenant}:${threadKey}:${seq}:${i}`;
  const keys = turns.flatMap((t) =>
    (Array.isArray(t.effects) ? (t.effects as { type?: unknown }[]) : []).flatMap((fx, i) =>
      fx.type === 'reply' ? [keyOf(t.seq, i)] : [],
    ),
  );
  const sends = new Map<string, SendRow>();
  if (keys.length > 0) {
    const r = await q.query<SendRow>(
      `SELECT o.idempotency_key, o.status, o.last_error,
              d.status AS delivery_status, d.kind AS delivery_kind, d.errors AS delivery_errors
       FROM ${s}.outbox o
       LEFT JOIN LATERAL (
         SELECT status, kind, errors FROM ${s}.deliveries dd
         WHERE dd.outbox_id = o.id ORDER BY dd.created_at DESC LIMIT 1) d ON true
       WHERE o.idempotency_key = ANY($1::text[])`,
      [keys],
    );
    for (const row of r.rows) sends.set(row.idempotency_key, row);
  }
  const last = await q.query<{ at: string | null }>(
    `SELECT max((event->>'at')::bigint)::text AS at FROM ${s}.journal
     WHERE thread_key = $1 AND event_type = 'message' AND event->>'channel' = 'whatsapp'`,
    [threadKey],
  );
  const lastAt = last.rows[0]?.at;
  return {
    messages: chatMessages(turns, sends, keyOf, opts.reveal),
    olderBefore: more ? (turns[0]?.seq ?? null) : null,
    lastInboundAt: lastAt ? Number(lastAt) : null,
  };
}

/** The WhatsApp window of a thread whose customer writes on WhatsApp; null on other channels. */
export function replyWindow(
  channel: string | null,
  lastInboundAt: number | null,
  now: number,
): ReplyWindow | null {
  if (channel !== 'whatsapp') return null;
  const closesAt = lastInboundAt === null ? null : lastInboundAt + WINDOW_MS;
  return { channel, open: closesAt !== null && now < closesAt, closesAt };
}
