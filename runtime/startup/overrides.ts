import type { ThreadMachineDefinition } from '../../machines';
import type { Clock } from '../clock';
import type { EffectHandler, EffectHandlers } from '../effects/effect-handler';
import type { Logger } from '../logger';
import type { EventEnricher, TurnInfo } from '../supervisor/supervisor';

/** What tests, benchmarks and scenarios may replace when they start a runtime. */
export interface RuntimeOverrides {
  logger?: Logger;
  /** Extra machines; `defaultMachines` picks which one new threads of each kind run. */
  machines?: ThreadMachineDefinition[];
  defaultMachines?: { customer: string; admin: string };
  /** Extra or replacement effect handlers by kind. */
  handlers?: Record<string, EffectHandler>;
  /**
   * Called with every effect handler in place, before the dispatcher starts: may wrap them
   * (the cluster fault tests report each attempt's idempotency key to a fake provider).
   */
  decorateHandlers?: (handlers: EffectHandlers) => void;
  enrich?: EventEnricher;
  onTurn?: (info: TurnInfo) => void;
  /** Outbox retry base delay (tests shorten it). */
  outboxBackoffBaseMs?: number;
  /** Inbox sweep period (wake-ups are hints; the sweep is the backstop). */
  sweepIntervalMs?: number;
  /**
   * Pins the time of call results, effect handlers (booking `now`) and timer firing; messages
   * carry their own `at`. Conversation scenarios use it (see test-support/scenarios). Default: system.
   */
  clock?: Clock;
}
