import type { TenantSchema } from '../../contract/schema-name';

/** Everything one turn writes, committed atomically (possibly together with other turns). */
export interface TurnWrite {
  tenant: string;
  schema: TenantSchema;
  shard: number;
  /** The fencing epoch this process holds for `shard`; the commit checks it. */
  epoch: number;
  threadKey: string;
  inboxId: number;
  /** `dead`: the event could not be applied (machine error, unknown snapshot version). */
  inboxStatus: 'processed' | 'dead';
  inboxError?: string;
  journal?: JournalEntry;
  snapshot?: SnapshotWrite;
  outbox: OutboxWrite[];
  timersSet: TimerWrite[];
  timersCancel: string[];
  /** Events for other threads of the same tenant, delivered durably through their inbox. */
  messages: ThreadMessageWrite[];
}

export interface JournalEntry {
  seq: number;
  eventType: string;
  event: unknown;
  stateBefore: unknown;
  stateAfter: unknown;
  effects: unknown[];
  outcome: 'applied' | 'ignored';
}

export interface SnapshotWrite {
  machine: string;
  version: number;
  snapshot: unknown;
  stateValue: unknown;
  seq: number;
}

export interface OutboxWrite {
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

export interface TimerWrite {
  key: string;
  fireAt: number;
  event: Record<string, unknown>;
}

export interface ThreadMessageWrite {
  threadKey: string;
  kind: 'customer' | 'admin';
  customerId: number | null;
  shard: number;
  eventId: string;
  source: string;
  event: Record<string, unknown>;
}

/** A new inbox row created by a commit (actor-to-actor message): its owner must be woken. */
export interface DeliveredMessage {
  tenant: string;
  threadKey: string;
  shard: number;
  inboxId: number;
  eventId: string;
}
