import type { InboxRow } from '../stores/inbox';
import type { ThreadActor } from './thread-actor';

/** The supervisor's record of one thread: its actor (when resident) and its pending events. */
export class ThreadCell {
  actor: ThreadActor | undefined;
  /** Pending rows in inbox order; the head is the one being processed. */
  readonly queue: InboxRow[] = [];
  private readonly ids = new Set<number>();
  needsFetch = false;
  running = false;
  lastActiveAt = Date.now();
  channel: string | null = null;

  constructor(
    readonly tenant: string,
    readonly threadKey: string,
    readonly shard: number,
  ) {}

  get key(): string {
    return `${this.tenant}/${this.threadKey}`;
  }

  enqueue(row: InboxRow): void {
    if (this.ids.has(row.id)) return;
    this.ids.add(row.id);
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.id > row.id) i--;
    this.queue.splice(i, 0, row);
  }

  /**
   * Makes the queue agree with a read of the inbox taken after `asked` were queued: adds the
   * `pending` rows (the inbox's first `limit`, in id order) and drops the rows of `asked` the
   * inbox no longer has pending — processed by a previous owner while this process could not
   * tell, or by a commit whose acknowledgement was lost. Rows queued during the read are kept.
   * Returns how many were dropped.
   */
  sync(pending: InboxRow[], limit: number, asked: ReadonlySet<number>): number {
    const ids = new Set(pending.map((r) => r.id));
    const horizon = pending.length < limit ? Infinity : pending[pending.length - 1]!.id;
    const gone = this.queue.filter((r) => asked.has(r.id) && r.id <= horizon && !ids.has(r.id));
    for (const r of gone) this.dequeue(r.id);
    for (const r of pending) this.enqueue(r);
    return gone.length;
  }

  dequeue(id: number): void {
    const i = this.queue.findIndex((r) => r.id === id);
    if (i >= 0) this.queue.splice(i, 1);
    this.ids.delete(id);
  }

  /** Drops the in-memory actor; the next turn rehydrates from the last commit. */
  discard(): void {
    this.actor?.stop();
    this.actor = undefined;
  }
}
