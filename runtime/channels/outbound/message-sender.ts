import { type OutboundMessage, RatibaError } from '../../../contract';
import type { EffectHandler } from '../../effects/effect-handler';
import type { MetaSender } from './meta-sender';
import type { SmsSink } from './sms-sink';
import { notificationPolicy } from '../channel-accounts';
import type { WhatsAppSender } from './whatsapp-sender';

export interface MessageSenderDeps {
  whatsapp: WhatsAppSender;
  meta: MetaSender;
  sms: SmsSink;
}

/**
 * `message.send`: a machine's channel-neutral reply, rendered and sent on the channel the
 * customer last wrote on. The simulator and voice channels need no provider (the simulator's
 * caller and the voice pipeline take the turn's replies directly; for voice the outbox row is the
 * record; simulator replies get no row since issue 19 - the journal records them - and rows
 * written before are marked done here).
 * Provider errors keep their retry classification (5xx/429 retried by the outbox; 4xx final).
 */
export function messageSender(deps: MessageSenderDeps): EffectHandler {
  return {
    answers: false,
    async run(payload, ctx) {
      const channel = String(payload.channel);
      const message = payload.message as OutboundMessage;
      switch (channel) {
        case 'simulator':
        case 'voice':
          return { delivered: channel };
        case 'whatsapp':
          return deps.whatsapp.send(ctx, message);
        case 'instagram':
        case 'messenger':
          return deps.meta.send(ctx, channel, message);
        case 'sms':
          return deps.sms.send(ctx, message, notificationPolicy(ctx.tenant));
        default:
          throw new RatibaError('unknown_effect', `no sender is configured for channel ${channel}`);
      }
    },
  };
}
