import { Batcher, type BatcherOptions } from '../db/batcher';
import type { Database } from '../db/database';
import { ident, type TenantSchema } from '../../contract';
import { insertInboxSql, type InboxInsert } from './inbox';
import { insertOutboxSql } from './outbox';
import { upsertThreadsSql } from './threads';

export type InboxWriterOptions = BatcherOptions;

interface Item {
  schema: TenantSchema;
  row: InboxInsert;
}

/**
 * Group insert for the inbox: events arriving together (webhooks, simulator calls) are written
 * by one statement per tenant (threads upserted, inbox rows inserted, the new events' receipt
 * effects enqueued: atomic as one statement), so many acknowledgements share one commit and one
 * round trip. Each caller is
 * answered only after that commit: durable before acknowledged, as before.
 */
export class InboxWriter {
  private readonly batcher: Batcher<Item, number | null, TenantSchema>;

  constructor(
    private readonly db: Database,
    opts: InboxWriterOptions,
  ) {
    this.batcher = new Batcher(
      (i) => i.schema,
      (schema, items) => this.flush(schema, items),
      opts,
    );
  }

  /** The new inbox id, or null when the event id was already there (a duplicate delivery). */
  write(schema: TenantSchema, row: InboxInsert): Promise<number | null> {
    return this.batcher.submit({ schema, row });
  }

  private async flush(schema: TenantSchema, items: readonly Item[]): Promise<(number | null)[]> {
    const s = ident(schema);
    const rows = JSON.stringify(
      items.map(({ row: e }) => ({
        thread_key: e.threadKey,
        kind: e.kind,
        customer_id: e.customerId,
        shard: e.shard,
        last_channel: e.channel,
        event_id: e.eventId,
        source: e.source,
        event: e.event,
        effects: e.effects?.map((f) => ({
          kind: f.kind,
          payload: f.payload,
          idempotency_key: f.idempotencyKey,
        })),
      })),
    );
    const { rows: inserted } = await this.db.query<{ id: number; event_id: string }>(
      `WITH x AS (
         SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (thread_key text, kind text,
           customer_id bigint, shard int, last_channel text, event_id text, source text, event jsonb,
           effects jsonb))
         WITH ORDINALITY AS x(thread_key, kind, customer_id, shard, last_channel, event_id, source,
           event, effects, n)),
       t AS (
         ${upsertThreadsSql(
           s,
           `SELECT DISTINCT ON (thread_key) thread_key, kind, customer_id, shard, last_channel
            FROM x ORDER BY thread_key`,
         )}),
       i AS (
         ${insertInboxSql(s, 'SELECT event_id, thread_key, shard, source, event FROM x ORDER BY n')}
         RETURNING id, event_id),
       f AS (
         ${insertOutboxSql(
           s,
           `SELECT x.thread_key, x.shard, f.kind, f.payload, f.idempotency_key
            FROM i JOIN x USING (event_id)
            CROSS JOIN LATERAL jsonb_to_recordset(x.effects) AS f(kind text, payload jsonb, idempotency_key text)
            WHERE x.effects IS NOT NULL
            ORDER BY i.id`,
         )})
       SELECT id, event_id FROM i`,
      [rows],
    );
    const ids = new Map(inserted.map((r) => [r.event_id, r.id]));
    return items.map(({ row }) => {
      const id = ids.get(row.eventId);
      // Only the first of two identical deliveries in one batch gets the row.
      ids.delete(row.eventId);
      return id ?? null;
    });
  }
}
