import type Router from '@koa/router';
import { createDeepgramAdapter } from '../../adapters/deepgram';
import { createMetaAdapter, type MetaAdapter } from '../../adapters/meta';
import { createSmsAdapter } from '../../adapters/sms';
import { createWhatsAppAdapter, type WhatsAppAdapter } from '../../adapters/whatsapp';
import type { RatibaConfig } from '../config';
import type { Database } from '../db/database';
import type { EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { ChannelAccounts } from './channel-accounts';
import { DeepgramTranscriber } from './deepgram-transcriber';
import { messageSender } from './message-sender';
import { MetaSender } from './meta-sender';
import { metaRoutes } from './meta-routes';
import { ChannelEffects } from './outbound-effects';
import { createRateLimiter } from './rate-limit/resilient-rate-limiter';
import type { RateLimiter } from './rate-limit/rate-limiter';
import type { TimerGate } from '../timers/timer-service';
import { reminderGate, withReminders } from './reminder-scheduler';
import { SmsSink } from './sms-sink';
import { ingressNotifier } from './thread-notifier';
import { PocketsphinxTranscriber, type Transcriber } from './transcriber';
import { voiceNoteHandler } from './voice-notes';
import { whatsappRoutes } from './whatsapp-routes';
import { WhatsAppSender } from './whatsapp-sender';

export interface ChannelsDeps {
  db: Database;
  /** Connections reserved for webhook acknowledgements (default: `db`). */
  ingressDb?: Database;
  tenants: TenantRegistry;
  log: Logger;
  metrics: Metrics;
  /** Wakes the outbox dispatcher for a tenant (effects enqueued by webhooks). */
  kickOutbox: (tenant: string) => void;
  /** Voice notes; default: Deepgram with `DEEPGRAM_API_KEY`, offline pocketsphinx otherwise. */
  transcriber?: Transcriber;
  /** Largest webhook body accepted. */
  maxBodyBytes?: number;
}

export interface Channels {
  whatsapp: WhatsAppAdapter;
  limiter: RateLimiter;
  /**
   * Effect handlers: message.send, whatsapp.redeliver, whatsapp.mark_read, meta.mark_seen,
   * voice.transcribe.
   */
  handlers: Record<string, EffectHandler>;
  /** Wraps the booking calls so reminders follow appointments. */
  withReminders(handlers: Record<string, EffectHandler>): Record<string, EffectHandler>;
  /** Fire-time checks for the timer service: reminders of appointments changed elsewhere. */
  timerGates: TimerGate[];
  /** Webhook routes of WhatsApp, Instagram and Messenger; needs the ingress. */
  routes(router: Router, ingress: Ingress): void;
  close(): Promise<void>;
}

/**
 * Everything between the runtime and the messaging providers: adapters from the configuration,
 * the outbound rate limiter, the senders (WhatsApp with template and SMS fallbacks, Instagram,
 * Messenger, SMS), the effects webhooks create (mark read, redeliver, voice notes) and routes.
 */
export function createChannels(config: RatibaConfig, deps: ChannelsDeps): Channels {
  const { db, tenants, log } = deps;
  const meta = config.meta;
  const graph = {
    ...(meta.graphUrl ? { graphUrl: meta.graphUrl } : {}),
    ...(meta.appSecret ? { appSecret: meta.appSecret } : {}),
    ...(meta.verifyToken ? { verifyToken: meta.verifyToken } : {}),
  };
  const whatsapp = createWhatsAppAdapter(graph);
  const metaAdapters: Record<'instagram' | 'messenger', MetaAdapter> = {
    instagram: createMetaAdapter({ ...graph, channel: 'instagram' }),
    messenger: createMetaAdapter({ ...graph, channel: 'messenger' }),
  };
  const sms = createSmsAdapter(config.sms);
  const limiter = createRateLimiter(config.redisUrl, log);
  const accounts = new ChannelAccounts(tenants);
  const late: { ingress?: Ingress } = {};
  const notify = ingressNotifier(() => late.ingress);
  const smsSink = new SmsSink(db, sms, log);
  const waSender = new WhatsAppSender({
    db,
    accounts,
    whatsapp,
    limiter,
    sms: smsSink,
    notify,
    log,
  });
  const metaSender = new MetaSender({ db, accounts, adapters: metaAdapters, notify, log });
  const effects = new ChannelEffects(deps.ingressDb ?? db, config.shardCount, deps.kickOutbox);
  const maxBodyBytes = deps.maxBodyBytes ?? 1024 * 1024;

  return {
    whatsapp,
    limiter,
    handlers: {
      'message.send': messageSender({ whatsapp: waSender, meta: metaSender, sms: smsSink }),
      'whatsapp.redeliver': waSender.redeliverHandler(),
      'whatsapp.mark_read': waSender.markReadHandler(),
      'meta.mark_seen': metaSender.markSeenHandler(),
      'voice.transcribe': voiceNoteHandler({
        db,
        accounts,
        whatsapp,
        meta: metaAdapters,
        transcriber: deps.transcriber ?? defaultTranscriber(config),
        ingress: () => late.ingress,
        log,
        maxAttempts: config.outboxMaxAttempts,
      }),
    },
    withReminders: (handlers) =>
      withReminders(handlers, { db, shardCount: config.shardCount, log }),
    timerGates: [reminderGate({ shardCount: config.shardCount, log })],
    routes(router, ingress) {
      late.ingress = ingress;
      const ackDb = deps.ingressDb ?? db;
      const common = { ingress, tenants, db: ackDb, log, metrics: deps.metrics, maxBodyBytes };
      whatsappRoutes(router, { ...common, whatsapp, effects });
      metaRoutes(router, { ...common, effects, adapter: metaAdapters.instagram });
      metaRoutes(router, { ...common, effects, adapter: metaAdapters.messenger });
    },
    close: () => limiter.close(),
  };
}

/** Deepgram's prerecorded API when `DEEPGRAM_API_KEY` is set, offline pocketsphinx otherwise. */
function defaultTranscriber(config: RatibaConfig): Transcriber {
  const dg = config.deepgram;
  if (!dg) return new PocketsphinxTranscriber();
  return new DeepgramTranscriber(
    createDeepgramAdapter({
      apiKey: dg.apiKey,
      model: dg.model,
      ...(dg.baseUrl ? { baseUrl: dg.baseUrl } : {}),
    }),
  );
}
