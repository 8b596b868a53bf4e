/** What caused a claim (see the `ratiba_outbox_claims_total` metric). */
export type ClaimCause = 'kick' | 'follow_up' | 'due' | 'poll';

/**
 * A claim when an effect given back with a delay (a rate limit's deferral, a retry's backoff) is
 * due again. Without it such an effect waited for the backstop poll, up to `pollMs` past its due
 * time: under a binding rate limit, most replies. Coalesced per tenant to 10-ms slots.
 */
export class DueClaims {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly claim: (tenant: string) => void) {}

  /** The recording statement set `next_attempt_at = now() + delayMs` before this call. */
  at(tenant: string, delayMs: number): void {
    const slot = Math.ceil((Date.now() + delayMs + 1) / 10) * 10;
    const key = `${tenant}\0${slot}`;
    if (this.timers.has(key)) return;
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.claim(tenant);
    }, slot - Date.now());
    t.unref();
    this.timers.set(key, t);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
