/**
 * Where the runtime reads the time it stamps on what it produces: the `at` of call results, the
 * `now` of effect handlers (booking calls: lead time, cutoffs, "today"), and which durable timers
 * are due. Production uses the system clock; the conversation scenarios (`test-support/scenarios`)
 * pin it so a conversation on "Wednesday 18 November 2026, 10:00" replays the same every day.
 * Inbound messages carry their own `at` (`Ingress.acceptMessage(m, { at })`).
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
