import { Batcher, type BatcherOptions } from '../../db/batcher';
import type { Database } from '../../db/database';
import type { TenantSchema } from '../../../contract';
import {
  updateDeliveryStatuses,
  type DeliveryRow,
  type DeliveryStatus,
} from '../../stores/deliveries';

type Status = Exclude<DeliveryStatus, 'accepted'>;

const RANK: Record<DeliveryStatus, number> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

interface Item {
  schema: TenantSchema;
  id: string;
  status: Status;
  errors: unknown[];
}

/**
 * Status webhooks arrive at several hundred a second (sent, delivered, read for every reply):
 * concurrent ones are written together, one UPDATE per tenant and batch, like the inbox's
 * group insert. Statuses only move forward (a late 'delivered' never undoes 'read' or
 * 'failed'); two statuses of one message in a batch count as the further one.
 */
export class StatusWriter {
  private readonly batcher: Batcher<Item, DeliveryRow | undefined, TenantSchema>;

  constructor(
    private readonly db: Database,
    opts: BatcherOptions = { maxBatch: 256, concurrency: 2 },
  ) {
    this.batcher = new Batcher(
      (i) => i.schema,
      async (schema, items) => {
        const rows = await this.write(schema, items);
        return items.map((p) => rows.get(p.id));
      },
      opts,
    );
  }

  /** The delivery after the update, or undefined when the id is not one of ours. */
  record(
    schema: TenantSchema,
    id: string,
    status: Status,
    errors: unknown[],
  ): Promise<DeliveryRow | undefined> {
    return this.batcher.submit({ schema, id, status, errors });
  }

  private async write(
    schema: TenantSchema,
    items: readonly Item[],
  ): Promise<Map<string, DeliveryRow>> {
    const best = new Map<string, { status: Status; errors: unknown[] }>();
    for (const p of items) {
      const prev = best.get(p.id);
      const errors = p.errors.length > 0 ? p.errors : (prev?.errors ?? []);
      if (!prev || RANK[p.status] > RANK[prev.status]) best.set(p.id, { status: p.status, errors });
      else if (p.errors.length > 0) prev.errors = p.errors;
    }
    return updateDeliveryStatuses(
      this.db,
      schema,
      [...best].map(([id, b]) => ({
        id,
        status: b.status,
        rank: RANK[b.status],
        errors: b.errors,
      })),
    );
  }
}
