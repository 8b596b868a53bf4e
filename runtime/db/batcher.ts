import type { TenantSchema } from '../../contract';

export interface BatcherOptions {
  /** Most items handed to one flush. */
  maxBatch: number;
  /** Flushes in flight at once (1 for the single-connection embedded database). */
  concurrency: number;
}

interface Pending<I, O> {
  item: I;
  resolve(out: O): void;
  reject(err: unknown): void;
}

/**
 * Group writes: items submitted while `concurrency` flushes are in flight wait and then go
 * together, grouped by `keyOf` (a tenant's schema), one `flush` call per group. Under load many
 * callers share one statement and one commit; alone, an item is flushed at once. Each caller is
 * answered only after its group's flush resolved, so "durable before acknowledged" holds per
 * item; a failing group rejects its own items only.
 */
export class Batcher<I, O, K = string> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly keyOf: (item: I) => K,
    /** Results in the order of `items`. */
    private readonly flush: (key: K, items: readonly I[]) => Promise<readonly O[]>,
    private readonly opts: BatcherOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    const groups = new Map<K, Pending<I, O>[]>();
    for (const p of batch) {
      const key = this.keyOf(p.item);
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
    await Promise.all(
      [...groups].map(async ([key, group]) => {
        try {
          const out = await this.flush(
            key,
            group.map((p) => p.item),
          );
          group.forEach((p, i) => p.resolve(out[i]!));
        } catch (err) {
          for (const p of group) p.reject(err);
        }
      }),
    );
  }
}

/**
 * A per-thread read grouped like the writes above: `load` answers many thread keys of one tenant
 * in one query (in the order asked); concurrent callers share it.
 */
export function threadLookup<V>(
  load: (schema: TenantSchema, threadKeys: readonly string[]) => Promise<readonly V[]>,
  opts: BatcherOptions,
): (schema: TenantSchema, threadKey: string) => Promise<V> {
  const batcher = new Batcher(
    (i: { schema: TenantSchema; threadKey: string }) => i.schema,
    (schema, items) =>
      load(
        schema,
        items.map((i) => i.threadKey),
      ),
    opts,
  );
  return (schema, threadKey) => batcher.submit({ schema, threadKey });
}
