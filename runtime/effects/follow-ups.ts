/**
 * Which threads need another claim as soon as their effect in flight is recorded. A claim takes
 * only the oldest pending effect of a thread, so an effect committed while its thread's previous
 * one is being sent (a reply right behind the message's read receipt) is invisible to the claim
 * its commit caused; without a follow-up it would wait for the backstop poll.
 *
 * Exact, per thread, in process: a kick names its threads; a thread kicked while its effect is
 * being claimed or sent is marked, and after its outcome is recorded the dispatcher claims again
 * for exactly the marked threads (plus those the record found more pending effects for).
 */
export class FollowUps {
  /** Threads with an effect claimed by this process and not yet recorded, per tenant. */
  private readonly inFlight = new Map<string, Map<string, number>>();
  /** Claims under way per tenant, each collecting the threads kicked meanwhile. */
  private readonly claiming = new Map<string, Set<Kicked>>();
  private readonly marked = new Map<string, Set<string>>();

  /** New effects for these threads (undefined: any thread of the tenant). */
  kicked(tenant: string, threadKeys: readonly string[] | undefined): void {
    const flying = this.inFlight.get(tenant);
    if (flying)
      for (const t of threadKeys ?? [...flying.keys()]) if (flying.has(t)) this.mark(tenant, t);
    for (const c of this.claiming.get(tenant) ?? []) {
      if (threadKeys === undefined) c.all = true;
      else for (const t of threadKeys) c.threads.add(t);
    }
  }

  /**
   * Runs a claim: threads kicked while it ran are marked if the claim returned an effect of
   * theirs (their new effect may sit behind it), and everything it returned is in flight.
   */
  async claim<R extends { threadKey: string }>(
    tenant: string,
    run: () => Promise<R[]>,
  ): Promise<R[]> {
    const kicked: Kicked = { threads: new Set(), all: false };
    let claims = this.claiming.get(tenant);
    if (!claims) this.claiming.set(tenant, (claims = new Set()));
    claims.add(kicked);
    try {
      const rows = await run();
      let flying = this.inFlight.get(tenant);
      if (!flying) this.inFlight.set(tenant, (flying = new Map<string, number>()));
      for (const r of rows) {
        flying.set(r.threadKey, (flying.get(r.threadKey) ?? 0) + 1);
        if (kicked.all || kicked.threads.has(r.threadKey)) this.mark(tenant, r.threadKey);
      }
      return rows;
    } finally {
      claims.delete(kicked);
      if (claims.size === 0) this.claiming.delete(tenant);
    }
  }

  /**
   * The outcomes of these threads' effects are recorded: returns the ones to claim again now
   * (marked, or `more`: the record saw further pending effects).
   */
  recorded(tenant: string, threadKeys: readonly string[], more: readonly string[]): string[] {
    const flying = this.inFlight.get(tenant);
    const marked = this.marked.get(tenant);
    const again = new Set(more);
    for (const t of threadKeys) {
      const n = (flying?.get(t) ?? 1) - 1;
      if (n > 0) flying!.set(t, n);
      else flying?.delete(t);
      if (marked?.delete(t)) again.add(t);
    }
    if (flying?.size === 0) this.inFlight.delete(tenant);
    if (marked?.size === 0) this.marked.delete(tenant);
    return [...again];
  }

  private mark(tenant: string, threadKey: string): void {
    let m = this.marked.get(tenant);
    if (!m) this.marked.set(tenant, (m = new Set()));
    m.add(threadKey);
  }
}

interface Kicked {
  threads: Set<string>;
  all: boolean;
}
