import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';

/** A counter with these labels, registered in `registry` only. */
const counter = <L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
) => new Counter({ name, help, labelNames, registers: [registry] });

/** Prometheus metrics of one runtime instance (its own registry, so tests can run several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    turns: counter(
      registry,
      'ratiba_turns_total',
      'Turns run, by outcome (committed, rejected_event, machine_error, stale_epoch, commit_failed)',
      ['outcome'],
    ),
    turnLatency: new Histogram({
      name: 'ratiba_turn_latency_seconds',
      help: 'From the inbox row being picked up to the turn being committed',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    commitBatchSize: new Histogram({
      name: 'ratiba_commit_batch_turns',
      help: 'Turns committed together in one group commit',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers: [registry],
    }),
    inboxLag: new Histogram({
      name: 'ratiba_inbox_lag_seconds',
      help: 'From an inbox row being written to its turn being committed',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    }),
    inboxEvents: counter(
      registry,
      'ratiba_inbox_events_total',
      'Inbound events by result (accepted, duplicate, rejected)',
      ['result'],
    ),
    outboxAttempts: counter(
      registry,
      'ratiba_outbox_attempts_total',
      'Outbox effect attempts by kind and result (done, retry, dead)',
      ['kind', 'result'],
    ),
    outboxClaims: counter(
      registry,
      'ratiba_outbox_claims_total',
      'Outbox claims by what caused them (kick: a commit in this process, follow_up: the next effect of a thread just recorded, due: an effect given back with a delay is due, poll: the backstop) and whether they found effects',
      ['by', 'found'],
    ),
    outboxDeadLetters: counter(
      registry,
      'ratiba_outbox_dead_letters_total',
      'Outbox effects given up after the last attempt or a final error',
      ['kind'],
    ),
    timersFired: new Counter({
      name: 'ratiba_timers_fired_total',
      help: 'Durable timers fired into the inbox',
      registers: [registry],
    }),
    ...actorMetrics(registry),
    ...paymentMetrics(registry),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Resident actors, their passivation and rehydration, shard ownership, errors by code. */
function actorMetrics(registry: Registry) {
  return {
    residentActors: new Gauge({
      name: 'ratiba_resident_actors',
      help: 'Thread actors currently in memory',
      registers: [registry],
    }),
    passivations: new Counter({
      name: 'ratiba_passivations_total',
      help: 'Idle actors stopped and dropped from memory',
      registers: [registry],
    }),
    rehydrations: new Counter({
      name: 'ratiba_rehydrations_total',
      help: 'Actors restored from their persisted snapshot',
      registers: [registry],
    }),
    rehydrationSeconds: new Summary({
      name: 'ratiba_rehydration_seconds',
      help: 'Time to restore an actor in a turn: state read, snapshot upgrade, actor restore',
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers: [registry],
    }),
    ownedShards: new Gauge({
      name: 'ratiba_owned_shards',
      help: 'Virtual shards owned by this process',
      registers: [registry],
    }),
    shardHandovers: counter(
      registry,
      'ratiba_shard_handovers_total',
      'Shards gained or lost by this process',
      ['direction'],
    ),
    errors: counter(
      registry,
      'ratiba_errors_total',
      'Errors handled without stopping the process, by code',
      ['code'],
    ),
  };
}

/** Payments by provider and outcome, and the callbacks that came in. */
function paymentMetrics(registry: Registry) {
  return {
    payments: counter(
      registry,
      'ratiba_payments_total',
      'Payment requests and their outcomes, by provider and outcome (requested, paid, failed reasons, expired, unknown, refund_*)',
      ['provider', 'outcome'],
    ),
    paymentCallbacks: counter(
      registry,
      'ratiba_payment_callbacks_total',
      'Payment callbacks received, by provider and result (delivered, duplicate, unrouted reasons)',
      ['provider', 'result'],
    ),
    paymentReaper: counter(
      registry,
      'ratiba_payment_reaper_total',
      'What the nightly payment reaper did, by outcome (holdsReleased, confirmedLate, failed, stillOpen, customersTold)',
      ['outcome'],
    ),
  };
}
