import { publicError } from '../../../contract';

/**
 * The most items (messages, statuses, errors) one webhook request may carry. Meta batches a few
 * at most; a body of thousands is refused at once with a 413 that names the limit, instead of
 * holding the connection for tens of seconds while each item waits for the one before.
 */
export const MAX_WEBHOOK_ITEMS = 1000;

/** Refuses a webhook body carrying more than `max` items (413, nothing written). */
export function boundItems(count: number, max = MAX_WEBHOOK_ITEMS): void {
  if (count > max)
    throw publicError(
      'body_too_large',
      `webhook carries ${count} items; at most ${max} per request`,
    );
}

/**
 * Runs `fn` over `items`: in order within each key (one sender's messages reach the inbox in the
 * order sent), the keys concurrently, so a batch of many senders shares the inbox's group insert
 * instead of costing one round trip per item. Every item is tried even if another failed; then
 * the first failure is thrown (the provider retries the body; what was stored dedups).
 */
export async function inKeyOrder<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const chains = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const chain = chains.get(key);
    if (chain) chain.push(item);
    else chains.set(key, [item]);
  }
  const results = await Promise.allSettled(
    [...chains.values()].map(async (chain) => {
      for (const item of chain) await fn(item);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
