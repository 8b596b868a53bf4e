import type { Database } from '../db/database';
import { ident, type TenantSchema } from '../db/schema-name';
import type { InboxInsert } from './inbox';

interface Pending {
  schema: TenantSchema;
  row: InboxInsert;
  resolve(id: number | null): void;
  reject(err: unknown): void;
}

export interface InboxWriterOptions {
  /** Most rows written by one statement. */
  maxBatch: number;
  /** Statements in flight at once (1 for the single-connection embedded database). */
  concurrency: number;
}

/**
 * Group insert for the inbox: events arriving together (webhooks, simulator calls) are written
 * by one statement per tenant in one transaction, so many acknowledgements share one commit.
 * Each caller is answered only after that commit: durable before acknowledged, as before.
 */
export class InboxWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly opts: InboxWriterOptions,
  ) {}

  /** The new inbox id, or null when the event id was already there (a duplicate delivery). */
  write(schema: TenantSchema, row: InboxInsert): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ schema, row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    const bySchema = new Map<TenantSchema, Pending[]>();
    for (const p of batch) {
      const g = bySchema.get(p.schema);
      if (g) g.push(p);
      else bySchema.set(p.schema, [p]);
    }
    let ids: Map<string, number>;
    try {
      ids = await this.db.transaction(async (tx) => {
        const out = new Map<string, number>();
        for (const [schema, group] of bySchema) {
          const s = ident(schema);
          const rows = JSON.stringify(
            group.map(({ row: e }) => ({
              thread_key: e.threadKey,
              kind: e.kind,
              customer_id: e.customerId,
              shard: e.shard,
              last_channel: e.channel,
              event_id: e.eventId,
              source: e.source,
              event: e.event,
            })),
          );
          const { rows: inserted } = await tx.query<{ id: number; event_id: string }>(
            `WITH x AS (
               SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(thread_key text, kind text, customer_id bigint,
                 shard int, last_channel text, event_id text, source text, event jsonb)),
             t AS (
               INSERT INTO ${s}.threads (thread_key, kind, customer_id, shard, last_channel)
               SELECT DISTINCT ON (thread_key) thread_key, kind, customer_id, shard, last_channel FROM x
               ORDER BY thread_key
               ON CONFLICT (thread_key) DO UPDATE SET last_event_at = now(),
                 last_channel = COALESCE(EXCLUDED.last_channel, ${s}.threads.last_channel))
             INSERT INTO ${s}.inbox (event_id, thread_key, shard, source, event)
             SELECT event_id, thread_key, shard, source, event FROM x
             ON CONFLICT (event_id) DO NOTHING
             RETURNING id, event_id`,
            [rows],
          );
          for (const r of inserted) out.set(`${schema}\u0000${r.event_id}`, r.id);
        }
        return out;
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) {
      const key = `${p.schema}\u0000${p.row.eventId}`;
      const id = ids.get(key);
      // Only the first of two identical deliveries in one batch gets the row.
      ids.delete(key);
      p.resolve(id ?? null);
    }
  }
}
