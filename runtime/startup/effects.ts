/**
 * Startup phase 3, the front door and the effects: the ingress every event enters by, the
 * channels (webhooks in, senders out), every effect handler, the outbox dispatcher, the timer
 * service and the retention sweeper.
 */
import { createChannels, type Channels } from '../channels/channels';
import type { RatibaConfig } from '../config';
import { bookingHandlers, withInquiryShaping } from '../conversation';
import { RetentionSweeper } from '../db/retention';
import { builtinHandlers } from '../effects/builtin-handlers';
import { OutboxDispatcher } from '../effects/outbox-dispatcher';
import { createDedupCache, type DedupCache } from '../mailbox/dedup-cache';
import { Ingress } from '../mailbox/ingress';
import { InboxWriter } from '../stores/inbox-writer';
import { createPayments, type Payments } from '../payments';
import { TimerService } from '../timers/timer-service';
import type { Base, Engine } from './engine';
import type { RuntimeOverrides } from './overrides';
import type { Storage } from './storage';

export interface Effects {
  dedup: DedupCache;
  ingress: Ingress;
  channels: Channels;
  dispatcher: OutboxDispatcher;
  timers: TimerService;
  retention: RetentionSweeper;
  /** M-Pesa (and later cards): the payment calls and the providers' callback routes. */
  payments: Payments;
}

export function createEffects(
  config: RatibaConfig,
  overrides: RuntimeOverrides,
  base: Base,
  storage: Storage,
  engine: Engine,
): Effects {
  const { log, metrics, faults } = base;
  const { db, ingressDb, tenants } = storage;
  const { ownership, waker, signals } = engine;
  // Webhook dedup fast path: Redis shared by the cluster with REDIS_URL, an in-process LRU without.
  const dedup = createDedupCache(config.redisUrl, log, metrics, config.redisTimeoutMs);
  // The front door of every event: webhooks, simulator, console, transcripts, calls.
  const ingress = new Ingress(
    {
      db: ingressDb,
      inbox: new InboxWriter(
        ingressDb,
        { maxBatch: 256, concurrency: storage.embedded ? 1 : 2 },
        base.log,
      ),
      tenants,
      waker,
      replies: engine.replies,
      faults,
      metrics,
      dedup,
    },
    { shardCount: config.shardCount, replyTimeoutMs: config.replyTimeoutMs, maxTextLength: 4096 },
  );
  // WhatsApp / Instagram / Messenger / SMS senders, webhook effects, reminders on bookings.
  const channels = createChannels(config, {
    db,
    ingressDb,
    ingress,
    tenants,
    log,
    metrics,
    kickOutbox: (tenant, threadKeys) => signals.outboxWritten.emit({ tenant, threadKeys }),
  });
  const payDeps = {
    ...{ db, ingressDb, tenants, ingress, log, metrics, faults },
    shardCount: config.shardCount,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  };
  const payments = createPayments(config.payments, payDeps);
  const handlers = builtinHandlers();
  const booking = channels.withReminders(
    withInquiryShaping(bookingHandlers(db, log), engine.understander),
  );
  const own = [channels.handlers, booking, engine.owners.handlers, payments.handlers];
  for (const set of [...own, overrides.handlers ?? {}])
    for (const [kind, h] of Object.entries(set)) handlers.set(kind, h);
  overrides.decorateHandlers?.(handlers);
  const clock = overrides.clock ? { clock: overrides.clock } : {};
  const dispatcher = new OutboxDispatcher(
    { db, tenants, ownership, handlers, waker, metrics, log, faults, signals },
    {
      pollMs: config.outboxPollMs,
      maxAttempts: config.outboxMaxAttempts,
      leaseMs: config.outboxLeaseMs,
      ...(overrides.outboxBackoffBaseMs !== undefined
        ? { backoffBaseMs: overrides.outboxBackoffBaseMs }
        : {}),
      ...clock,
    },
  );
  const timers = new TimerService(
    { db, tenants, ownership, waker, metrics, log, faults, signals },
    { pollMs: config.timerPollMs, batchSize: 200, gates: channels.timerGates, ...clock },
  );
  const retention = new RetentionSweeper(
    { db, tenants, ownership, log },
    { retentionMs: config.retentionMs, everyMs: 3600_000 },
  );
  return { dedup, ingress, channels, dispatcher, timers, retention, payments };
}
