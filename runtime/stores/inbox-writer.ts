import { Batcher, type BatcherOptions } from '../db/batcher';
import type { Database } from '../db/database';
import { cleanText, ident, type TenantSchema } from '../../contract';
import { insertDeadInboxEvent, insertInboxSql, type InboxInsert } from './inbox';
import { insertOutboxSql } from './outbox';
import { upsertThreadsSql } from './threads';
import type { Logger } from '../logger';

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
 *
 * One row Postgres refuses (a NUL or half an emoji that got past the edge, a foreign key) cannot
 * fail its group: the group is split in halves until the bad row stands alone, the others are
 * written (in order), and the bad one is recorded as a `dead` inbox row with the error and a
 * cleaned copy of its event, and answered like a duplicate (nothing to run). A lost connection
 * still fails the whole group: nothing was written, so nobody may be acknowledged.
 */
export class InboxWriter {
  private readonly batcher: Batcher<Item, number | null, TenantSchema>;

  constructor(
    private readonly db: Database,
    opts: InboxWriterOptions,
    private readonly log?: Logger,
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
    try {
      return await this.insert(schema, items);
    } catch (err) {
      if (!isRowError(err)) throw err;
      if (items.length === 1) return [await this.deadLetter(schema, items[0]!.row, err)];
      // In order: the first half's ids stay below the second half's (the inbox order).
      const half = Math.ceil(items.length / 2);
      const head = await this.flush(schema, items.slice(0, half));
      return [...head, ...(await this.flush(schema, items.slice(half)))];
    }
  }

  /** The refused row, cleaned, as a dead inbox row (a redelivery is then a duplicate). */
  private async deadLetter(schema: TenantSchema, e: InboxInsert, err: unknown): Promise<null> {
    const error = `unstorable: ${cleanText(err instanceof Error ? err.message : String(err))}`;
    this.log?.error(
      { err, tenant: schema, eventId: cleanText(e.eventId), source: e.source },
      'inbox event refused by the database; recorded dead',
    );
    try {
      await insertDeadInboxEvent(this.db, schema, e, error);
    } catch {
      throw err; // not even its record could be written: the caller gets the original refusal
    }
    return null;
  }

  private async insert(schema: TenantSchema, items: readonly Item[]): Promise<(number | null)[]> {
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

/**
 * A refusal of the rows' contents (data exceptions 22xxx, integrity violations 23xxx, program
 * limits 54xxx), as opposed to a lost connection or a server going away.
 */
function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}
