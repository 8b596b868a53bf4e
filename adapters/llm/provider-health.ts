/**
 * The router's circuit breaker: after `pauseAfterFailures` failed calls in a row a provider is
 * skipped for `pauseMs`, so an outage costs one deadline, not one per message. After the pause
 * one call probes; if it fails too, the provider pauses again at once.
 */
import type { LlmProviderName } from './types';

export interface ProviderHealthOptions {
  pauseAfterFailures: number;
  pauseMs: number;
  clock: () => number;
  onPaused: (provider: LlmProviderName, forMs: number) => void;
}

export class ProviderHealth {
  /** Consecutive failures per provider, and until when it is skipped. */
  private readonly health = new Map<LlmProviderName, { failures: number; pausedUntil: number }>();

  constructor(private readonly o: ProviderHealthOptions) {}

  paused(provider: LlmProviderName): boolean {
    return (this.health.get(provider)?.pausedUntil ?? -Infinity) > this.o.clock();
  }

  /** The provider answered (an invalid answer counts: the provider is up). */
  succeeded(provider: LlmProviderName): void {
    this.health.delete(provider);
  }

  failed(provider: LlmProviderName): void {
    const h = this.health.get(provider) ?? { failures: 0, pausedUntil: -Infinity };
    h.failures++;
    if (h.failures >= this.o.pauseAfterFailures) {
      h.failures = this.o.pauseAfterFailures - 1;
      h.pausedUntil = this.o.clock() + this.o.pauseMs;
      this.o.onPaused(provider, this.o.pauseMs);
    }
    this.health.set(provider, h);
  }
}
