/**
 * A synchronous one-to-many notification between engine parts that are built in sequence: the
 * producer is given the signal, consumers subscribe in their constructors. This is how the turn
 * committer wakes the outbox dispatcher and the timer service, and how channels kick the
 * dispatcher, without either side holding the other (startup phases: runtime/app.ts).
 */
export class Signal<T> {
  private readonly listeners: ((value: T) => void)[] = [];

  subscribe(listener: (value: T) => void): void {
    this.listeners.push(listener);
  }

  /** Calls every listener in subscription order; one that throws does not stop the others. */
  emit(value: T): void {
    for (const l of this.listeners) {
      try {
        l(value);
      } catch {
        // A listener is a wake-up hint; backstop polls make up for a missed one.
      }
    }
  }
}

/** What a committed batch of turns created: rows to wake, outbox rows, timers. */
export interface CommitInfo {
  delivered: { tenant: string; threadKey: string; shard: number }[];
  /** Threads that got new effects, by tenant. */
  outboxThreads: ReadonlyMap<string, readonly string[]>;
  earliestTimer: number | null;
}

/** Effects written outside a turn: the tenant's, of these threads (all of them when unknown). */
export interface OutboxWritten {
  tenant: string;
  threadKeys?: readonly string[];
}

/** The engine's signals: created first, handed to producers and consumers alike. */
export interface EngineSignals {
  /** After each committed batch of turns. */
  committed: Signal<CommitInfo>;
  /** Effects were written outside a turn (webhook receipts, transcriptions). */
  outboxWritten: Signal<OutboxWritten>;
}

export function engineSignals(): EngineSignals {
  return { committed: new Signal(), outboxWritten: new Signal() };
}
