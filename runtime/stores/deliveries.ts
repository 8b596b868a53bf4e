import type { Queryable } from '../../contract/queryable';
import { ident, type TenantSchema } from '../../contract/schema-name';

export type DeliveryStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
export type DeliveryKind = 'message' | 'template' | 'sms';

export interface AcceptedDelivery {
  providerMessageId: string;
  channel: string;
  outboxId: number;
  threadKey: string;
  kind?: DeliveryKind;
  /** The delivery this one stands in for (a template or SMS after a failed message). */
  fallbackOf?: string;
  status?: DeliveryStatus;
  errors?: unknown[];
  /** SMS: what it cost, in minor units of `currency`. */
  cost?: { amountMinor: number; currency: string };
}

export async function recordAccepted(
  q: Queryable,
  schema: TenantSchema,
  d: AcceptedDelivery,
): Promise<void> {
  await q.query(
    `INSERT INTO ${ident(schema)}.deliveries
       (provider_message_id, channel, outbox_id, thread_key, kind, fallback_of, status, errors, cost_minor, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (provider_message_id) DO NOTHING`,
    [
      d.providerMessageId,
      d.channel,
      d.outboxId,
      d.threadKey,
      d.kind ?? 'message',
      d.fallbackOf ?? null,
      d.status ?? 'accepted',
      JSON.stringify(d.errors ?? []),
      d.cost?.amountMinor ?? null,
      d.cost?.currency ?? null,
    ],
  );
}

/** What an outbox effect already got accepted (a re-run after a crash must not send again). */
export async function acceptedFor(
  q: Queryable,
  schema: TenantSchema,
  outboxId: number,
): Promise<{ providerMessageId: string; kind: DeliveryKind } | undefined> {
  const { rows } = await q.query<{ provider_message_id: string; kind: DeliveryKind }>(
    `SELECT provider_message_id, kind FROM ${ident(schema)}.deliveries
     WHERE outbox_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [outboxId],
  );
  const r = rows[0];
  return r ? { providerMessageId: r.provider_message_id, kind: r.kind } : undefined;
}

export interface DeliveryRow {
  providerMessageId: string;
  channel: string;
  threadKey: string;
  outboxId: number | null;
  kind: DeliveryKind;
  status: DeliveryStatus;
  fallbackOf: string | null;
}

/** A delivery with the outbound message it carried (from its outbox row). */
export async function deliveryWithMessage(
  q: Queryable,
  schema: TenantSchema,
  providerMessageId: string,
): Promise<(DeliveryRow & { message: unknown }) | undefined> {
  const s = ident(schema);
  const { rows } = await q.query<{
    thread_key: string;
    channel: string;
    outbox_id: number | null;
    kind: DeliveryKind;
    status: DeliveryStatus;
    fallback_of: string | null;
    message: unknown;
  }>(
    `SELECT d.thread_key, d.channel, d.outbox_id, d.kind, d.status, d.fallback_of,
            o.payload -> 'message' AS message
     FROM ${s}.deliveries d LEFT JOIN ${s}.outbox o ON o.id = d.outbox_id
     WHERE d.provider_message_id = $1`,
    [providerMessageId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    providerMessageId,
    channel: r.channel,
    threadKey: r.thread_key,
    outboxId: r.outbox_id,
    kind: r.kind,
    status: r.status,
    fallbackOf: r.fallback_of,
    message: r.message,
  };
}
