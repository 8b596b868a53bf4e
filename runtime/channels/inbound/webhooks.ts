import type Router from '@koa/router';
import { createMetaAdapter, type MetaAdapter } from '../../../adapters/meta';
import { createWhatsAppAdapter, type WhatsAppAdapter } from '../../../adapters/whatsapp';
import type { RatibaConfig } from '../../config';
import { publicError } from '../../../contract';
import { readRawBody } from '../../http/body';
import type { Logger } from '../../logger';
import { metaWebhook } from './meta-webhook';
import { whatsappWebhook } from './whatsapp-webhook';
import type { WebhookDeps, WebhookProcessor } from './webhook-processor';

export type { WebhookDeps, WebhookProcessor } from './webhook-processor';

export const WEBHOOK_CHANNELS = ['whatsapp', 'instagram', 'messenger'] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];

/**
 * One signed webhook body: verified, parsed and written (inbox rows, statuses, effects) before it
 * resolves. Throws the RatibaError of a refusal (401 signature, 400 not understood) or of a body
 * that could not be stored (503: the provider retries).
 */

export interface ChannelAdapters {
  whatsapp: WhatsAppAdapter;
  instagram: MetaAdapter;
  messenger: MetaAdapter;
}

/** The Meta adapters (WhatsApp, Instagram, Messenger) of the configuration. */
export function channelAdapters(config: RatibaConfig): ChannelAdapters {
  const meta = config.meta;
  const graph = {
    ...(meta.graphUrl ? { graphUrl: meta.graphUrl } : {}),
    ...(meta.appSecret ? { appSecret: meta.appSecret } : {}),
    ...(meta.verifyToken ? { verifyToken: meta.verifyToken } : {}),
  };
  return {
    whatsapp: createWhatsAppAdapter(graph),
    instagram: createMetaAdapter({ ...graph, channel: 'instagram' }),
    messenger: createMetaAdapter({ ...graph, channel: 'messenger' }),
  };
}

/** What every channel's processor works with. */

export function webhookProcessors(
  deps: WebhookDeps & { adapters: ChannelAdapters },
): Record<WebhookChannel, WebhookProcessor> {
  const { adapters, ...common } = deps;
  return {
    whatsapp: whatsappWebhook({ ...common, whatsapp: adapters.whatsapp }),
    instagram: metaWebhook({ ...common, adapter: adapters.instagram }),
    messenger: metaWebhook({ ...common, adapter: adapters.messenger }),
  };
}

/**
 * `GET /webhooks/<channel>` (verify handshake: the challenge echoed, 403 otherwise) and
 * `POST /webhooks/<channel>`: JSON only (415), size-limited (413), the raw bytes handed to the
 * channel's processor; the 200 is sent once it stored everything the body carried.
 */
export function webhookRoutes(
  router: Router,
  deps: {
    adapters: ChannelAdapters;
    processors: Record<WebhookChannel, WebhookProcessor>;
    log: Logger;
    maxBodyBytes: number;
  },
): void {
  for (const channel of WEBHOOK_CHANNELS) {
    const path = `/webhooks/${channel}`;
    router.get(path, (ctx) => {
      const result = deps.adapters[channel].verifyHandshake(ctx.query);
      if (result.ok) {
        ctx.type = result.contentType;
        ctx.body = result.body;
        return;
      }
      deps.log.warn({ channel, reason: result.reason }, 'webhook handshake refused');
      ctx.status = 403;
      ctx.body = { error: 'forbidden', message: 'verification failed' };
    });
    router.post(path, async (ctx) => {
      if (!ctx.is('application/json'))
        throw publicError('unsupported_media_type', 'send application/json');
      const raw = await readRawBody(ctx, deps.maxBodyBytes);
      await deps.processors[channel](raw, ctx.get('x-hub-signature-256') || undefined);
      ctx.status = 200;
      ctx.body = { ok: true };
    });
  }
}
