/**
 * Makes Postgres end any transaction of this process left idle for `timeoutMs`, by adding
 * `-c idle_in_transaction_session_timeout=<ms>` to the connection's startup options.
 *
 * A paused process (SIGSTOP, a frozen VM, a long stop-the-world pause) can be paused in the middle
 * of a turn's commit, holding the fence's FOR KEY SHARE locks on its lease rows. Nothing it writes
 * can get through once another owner bumps the epoch, but the claim itself cannot happen while
 * those rows are locked: without a limit, the paused process would keep its shards until it
 * wakes. With it, Postgres ends the stalled session after `timeoutMs` (the lease length), the
 * locks go, and the next owner claims.
 */
export function withStalledTransactionTimeout(connectionString: string, timeoutMs: number): string {
  const url = new URL(connectionString);
  const ms = Math.max(1000, Math.floor(timeoutMs));
  const options = url.searchParams.get('options');
  const extra = `-c idle_in_transaction_session_timeout=${ms}`;
  url.searchParams.set('options', options ? `${options} ${extra}` : extra);
  return url.toString();
}
