import type Router from '@koa/router';
import { createDeepgramAdapter } from '../../adapters/deepgram';
import type { MetaAdapter } from '../../adapters/meta';
import { createSmsAdapter } from '../../adapters/sms';
import type { WhatsAppAdapter } from '../../adapters/whatsapp';
import type { RatibaConfig } from '../config';
import type { Database } from '../db/database';
import type { EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { Metrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { ChannelAccounts } from './channel-accounts';
import { DeepgramTranscriber, PocketsphinxTranscriber, type Transcriber } from '../../voice';
import { messageSender } from './outbound/message-sender';
import { MetaSender } from './outbound/meta-sender';
import { ChannelEffects } from './inbound/webhook-effects';
import { createRateLimiter } from './outbound/rate-limit/resilient-rate-limiter';
import type { RateLimiter } from './outbound/rate-limit/rate-limiter';
import type { TimerGate } from '../timers/timer-service';
import { reminderGate, withReminders } from '../conversation/reminder-scheduler';
import { SmsSink } from './outbound/sms-sink';
import { ingressNotifier } from './outbound/thread-notifier';
import { voiceNoteHandler } from './inbound/voice-notes';
import { catalogPhotoHandlers } from './inbound/catalog-photos';
import { createAssetStore } from '../../adapters';
import { PriceListReader, priceListRouter } from '../tenancy/price-list-reader';
import { channelAdapters, webhookProcessors, webhookRoutes } from './inbound/webhooks';
import { WhatsAppSender } from './outbound/whatsapp-sender';

export interface ChannelsDeps {
  db: Database;
  /** Connections reserved for webhook acknowledgements (default: `db`). */
  ingressDb?: Database;
  /** Where webhooks, transcripts and delivery failures enter. */
  ingress: Ingress;
  tenants: TenantRegistry;
  log: Logger;
  metrics: Metrics;
  /** Wakes the outbox dispatcher for a tenant (effects enqueued by webhooks). */
  /** Effects were written for these threads of the tenant (all of them when not given). */
  kickOutbox: (tenant: string, threadKeys?: readonly string[]) => void;
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
  /** Webhook routes of WhatsApp, Instagram and Messenger. */
  routes(router: Router): void;
  close(): Promise<void>;
}

/**
 * Everything between the runtime and the messaging providers: adapters from the configuration,
 * the outbound rate limiter, the senders (WhatsApp with template and SMS fallbacks, Instagram,
 * Messenger, SMS), the effects webhooks create (mark read, redeliver, voice notes) and routes.
 */
export function createChannels(config: RatibaConfig, deps: ChannelsDeps): Channels {
  const { db, tenants, log } = deps;
  const adapters = channelAdapters(config);
  const whatsapp = adapters.whatsapp;
  const metaAdapters: Record<'instagram' | 'messenger', MetaAdapter> = adapters;
  const sms = createSmsAdapter(config.sms);
  const limiter = createRateLimiter(config.redisUrl, log);
  const accounts = new ChannelAccounts(tenants);
  const notify = ingressNotifier(deps.ingress);
  const smsSink = new SmsSink(db, sms, log);
  const waSender = new WhatsAppSender({
    db,
    accounts,
    whatsapp,
    limiter,
    sms: smsSink,
    notify,
    log,
    unknownSendWaitMs: config.unknownSendWaitMs,
  });
  const metaSender = new MetaSender({ db, accounts, adapters: metaAdapters, notify, log });
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
        ingress: deps.ingress,
        log,
        maxAttempts: config.outboxMaxAttempts,
      }),
      ...catalogPhotoHandlers({
        db,
        accounts,
        whatsapp,
        reader: new PriceListReader({
          db,
          assets: createAssetStore(config.storage),
          router: priceListRouter(config.llm, { db, log }),
          log,
        }),
        log,
      }),
    },
    withReminders: (handlers) =>
      withReminders(handlers, { db, shardCount: config.shardCount, log }),
    timerGates: [reminderGate({ shardCount: config.shardCount, log })],
    routes(router) {
      const ackDb = deps.ingressDb ?? db;
      const processors = webhookProcessors({
        adapters,
        ingress: deps.ingress,
        tenants,
        db: ackDb,
        log,
        metrics: deps.metrics,
        effects: new ChannelEffects(ackDb, config.shardCount, deps.kickOutbox),
      });
      webhookRoutes(router, { adapters, processors, log, maxBodyBytes });
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
      timeoutMs: dg.timeoutMs,
      ...(dg.baseUrl ? { baseUrl: dg.baseUrl } : {}),
    }),
  );
}
