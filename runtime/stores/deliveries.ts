/**
 * The `deliveries` table: what a provider accepted for each outbound message, and its status as
 * the provider's webhooks report it. The only module that writes the table.
 */
import { firstRow, ident, type Queryable, type TenantSchema } from '../../contract';
import { jsonRows, recordset } from '../db/bulk';

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
  return firstRow(
    q,
    `SELECT provider_message_id AS "providerMessageId", kind FROM ${ident(schema)}.deliveries
     WHERE outbox_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [outboxId],
  );
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

/** The columns of deliveries `d` as a `DeliveryRow` (bigints arrive as numbers: db/database.ts). */
const DELIVERY_ROW = `d.provider_message_id AS "providerMessageId", d.channel, d.thread_key AS "threadKey",
  d.outbox_id AS "outboxId", d.kind, d.status, d.fallback_of AS "fallbackOf"`;

/** A delivery with the outbound message it carried (from its outbox row). */
export async function deliveryWithMessage(
  q: Queryable,
  schema: TenantSchema,
  providerMessageId: string,
): Promise<(DeliveryRow & { message: unknown }) | undefined> {
  const s = ident(schema);
  return firstRow<DeliveryRow & { message: unknown }>(
    q,
    `SELECT ${DELIVERY_ROW}, o.payload -> 'message' AS message
     FROM ${s}.deliveries d LEFT JOIN ${s}.outbox o ON o.id = d.outbox_id
     WHERE d.provider_message_id = $1`,
    [providerMessageId],
  );
}

const STATUS_COLUMNS = { id: 'text', status: 'text', rank: 'int', errors: 'jsonb' } as const;

/**
 * Moves deliveries forward to the statuses reported (`rank` orders them: a late 'delivered' never
 * undoes 'read' or 'failed'); returns the deliveries after the update, by provider message id.
 */
export async function updateDeliveryStatuses(
  q: Queryable,
  schema: TenantSchema,
  updates: readonly { id: string; status: DeliveryStatus; rank: number; errors: unknown[] }[],
): Promise<Map<string, DeliveryRow>> {
  const { rows } = await q.query<DeliveryRow>(
    `UPDATE ${ident(schema)}.deliveries d SET
       status = CASE WHEN x.rank > (CASE d.status WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1
                  WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END) THEN x.status ELSE d.status END,
       errors = CASE WHEN jsonb_array_length(x.errors) > 0 THEN x.errors ELSE d.errors END,
       updated_at = now()
     FROM ${recordset(STATUS_COLUMNS)}
     WHERE d.provider_message_id = x.id
     RETURNING ${DELIVERY_ROW}`,
    [jsonRows(updates)],
  );
  return new Map(rows.map((r) => [r.providerMessageId, r]));
}
