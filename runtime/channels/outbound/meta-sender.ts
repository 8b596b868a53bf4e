import { type OutboundMessage, RatibaError } from '../../../contract';
import { GraphError, type MetaAdapter } from '../../../adapters/meta';
import type { Database } from '../../db/database';
import type { EffectContext, EffectHandler } from '../../effects/effect-handler';
import type { Logger } from '../../logger';
import type { ChannelAccounts } from '../channel-accounts';
import { acceptedFor, recordAccepted } from '../../stores/deliveries';
import { metaIdentityOf } from './thread-contact';
import type { ThreadNotifier } from './thread-notifier';

export interface MetaSenderDeps {
  db: Database;
  accounts: ChannelAccounts;
  adapters: Record<'instagram' | 'messenger', MetaAdapter>;
  notify: ThreadNotifier;
  log: Logger;
}

/** `meta.mark_seen`: what the Messenger / Instagram webhook enqueues for every fresh message. */
export interface MarkSeenPayload {
  channel: 'instagram' | 'messenger';
  accountId: string;
  senderId: string;
}

/**
 * Instagram / Messenger outbound: to the customer's page-scoped id, with the token of the account
 * the customer wrote to. Outside the 24-hour window there is no template to fall back to: the
 * failure goes to the thread as `delivery.failed`. Throttling and 5xx are retried by the outbox.
 */
export class MetaSender {
  constructor(private readonly deps: MetaSenderDeps) {}

  async send(
    ctx: EffectContext,
    channel: 'instagram' | 'messenger',
    message: OutboundMessage,
  ): Promise<unknown> {
    const { db } = this.deps;
    const done =
      ctx.attempt > 1 ? await acceptedFor(db, ctx.tenant.schema, ctx.outboxId) : undefined;
    if (done) return { mid: done.providerMessageId };
    const who = await metaIdentityOf(db, ctx.tenant.schema, ctx.threadKey, channel);
    const account = await this.deps.accounts.meta(ctx.tenant, channel, who.accountId);
    if (!account)
      throw new RatibaError('provider_error', `tenant ${ctx.tenant.slug} has no ${channel} token`);
    const adapter = this.deps.adapters[channel];
    try {
      const sent = await adapter.send(
        { accessToken: account.accessToken },
        adapter.render(who.senderId, message),
      );
      await recordAccepted(db, ctx.tenant.schema, {
        providerMessageId: sent.messageId,
        channel,
        outboxId: ctx.outboxId,
        threadKey: ctx.threadKey,
      });
      return { mid: sent.messageId };
    } catch (err) {
      if (!(err instanceof GraphError) || err.retryable) throw err;
      await this.deps.notify(ctx.tenant, ctx.threadKey, `delivery:${ctx.outboxId}`, {
        type: 'delivery.failed',
        at: ctx.now,
        channel,
        reason: err.reason,
        ...(err.graphCode !== undefined ? { code: err.graphCode } : {}),
      });
      return { undelivered: err.reason };
    }
  }

  /**
   * `meta.mark_seen`: `sender_action: mark_seen` to the sender with the token of the account it
   * wrote to (the Messenger / Instagram counterpart of WhatsApp's blue ticks). Best effort, like
   * WhatsApp's mark-as-read: one try, a failure is logged and the effect is done.
   */
  markSeenHandler(): EffectHandler {
    return {
      answers: false,
      unordered: true,
      run: async (raw, ctx) => {
        const p = raw as unknown as MarkSeenPayload;
        const account = await this.deps.accounts.meta(ctx.tenant, p.channel, p.accountId);
        if (!account) return { seen: false, reason: 'no token' };
        try {
          await this.deps.adapters[p.channel].markRead(
            { accessToken: account.accessToken },
            p.senderId,
          );
          return { seen: true };
        } catch (err) {
          this.deps.log.debug(
            { err, tenant: ctx.tenant.slug, channel: p.channel },
            'mark seen failed',
          );
          return { seen: false, reason: err instanceof GraphError ? err.reason : 'error' };
        }
      },
    };
  }
}
