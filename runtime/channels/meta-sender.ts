import type { OutboundMessage } from '../../machines';
import { GraphError, type MetaAdapter } from '../../adapters/meta';
import type { Database } from '../db/database';
import { RatibaError } from '../errors';
import type { EffectContext } from '../effects/effect-handler';
import type { ChannelAccounts } from './channel-accounts';
import { acceptedFor, recordAccepted } from './deliveries';
import { metaIdentityOf } from './thread-contact';
import type { ThreadNotifier } from './thread-notifier';

export interface MetaSenderDeps {
  db: Database;
  accounts: ChannelAccounts;
  adapters: Record<'instagram' | 'messenger', MetaAdapter>;
  notify: ThreadNotifier;
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
}
