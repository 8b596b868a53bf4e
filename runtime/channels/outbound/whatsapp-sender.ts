import { type OutboundMessage, RatibaError } from '../../../contract';
import {
  GraphError,
  type WhatsAppAdapter,
  type WhatsAppSendBody,
} from '../../../adapters/whatsapp';
import type { Database } from '../../db/database';
import {
  deferEffect,
  type EffectContext,
  type EffectDeferral,
  type EffectHandler,
} from '../../effects/effect-handler';
import type { Logger } from '../../logger';
import { notificationPolicy, type ChannelAccounts, type WhatsAppNumber } from '../channel-accounts';
import { acceptedFor, recordAccepted, type DeliveryKind } from '../../stores/deliveries';
import { flattenMessage, isReminder, oneLine } from './outbound-text';
import type { RateLimiter } from './rate-limit/rate-limiter';
import type { SmsSink } from './sms-sink';
import { phoneOf } from './thread-contact';
import type { ThreadNotifier } from './thread-notifier';

export interface WhatsAppSenderDeps {
  db: Database;
  accounts: ChannelAccounts;
  whatsapp: WhatsAppAdapter;
  limiter: RateLimiter;
  sms: SmsSink;
  notify: ThreadNotifier;
  log: Logger;
  /** A send with an unknown outcome waits this long for its status before it is sent again. */
  unknownSendWaitMs: number;
}

/** How a `failed` status is handled, by its Graph error code. */
export function failureClass(code: unknown): 'outside_window' | 'rate_limited' | 'other' {
  if (code === 131047) return 'outside_window';
  if (code === 130429 || code === 131056 || code === 4 || code === 80007) return 'rate_limited';
  return 'other';
}

/** A wait this short is spent in the handler; a longer one goes back to the outbox. */
const INLINE_WAIT_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * WhatsApp outbound: free-form inside the 24-hour window, the tenant's approved template outside
 * it (131047, sync or as a `failed` status), SMS for reminders when neither works, and a
 * `delivery.failed` event to the thread for whatever could not be delivered. Every send takes a
 * token from the number's bucket (messages_per_second). A re-run of an effect whose message was
 * already accepted sends nothing (the `deliveries` row is checked first).
 */
export class WhatsAppSender {
  constructor(private readonly deps: WhatsAppSenderDeps) {}

  /** `message.send` on the whatsapp channel. */
  async send(ctx: EffectContext, message: OutboundMessage, fallbackOf?: string): Promise<unknown> {
    const { db } = this.deps;
    const earlier = await this.earlierRun(ctx);
    if (earlier !== undefined) return earlier;
    const account = await this.account(ctx);
    const to = (await phoneOf(db, ctx.tenant.schema, ctx.threadKey)).replace(/^\+/, '');
    try {
      return await this.deliver(ctx, account, this.deps.whatsapp.render(to, message), {
        kind: 'message',
        ...(fallbackOf ? { fallbackOf } : {}),
      });
    } catch (err) {
      if (err instanceof GraphError && err.reason === 'outside_window')
        return this.outsideWindow(ctx, message, fallbackOf);
      throw err;
    }
  }

  /**
   * What a re-run (attempt > 1: a retry, or a dead owner's claim adopted) finds of an earlier
   * run: the message it got accepted, or, after a run interrupted between the send and its
   * record (a `kill -9`, a stall past the lease), a wait for the evidence. Sending such an
   * effect again at once is how the replies in flight at a crash reached customers twice: it
   * waits `unknownSendWaitMs`, durably (the outbox's next attempt), for the status webhook that
   * records the message under this effect (`adoptStatus`, which also ends the wait early); the
   * run after the wait sends only if none came. Undefined: nothing earlier, send.
   */
  private async earlierRun(ctx: EffectContext): Promise<unknown> {
    if (ctx.attempt <= 1) return undefined;
    const done = await acceptedFor(this.deps.db, ctx.tenant.schema, ctx.outboxId);
    if (done) return { [done.kind === 'sms' ? 'sms' : 'wamid']: done.providerMessageId };
    if (!ctx.interrupted) return undefined;
    this.deps.log.info(
      { tenant: ctx.tenant.slug, outboxId: ctx.outboxId, waitMs: this.deps.unknownSendWaitMs },
      'whatsapp send interrupted mid-run; waiting for its status before resending',
    );
    return deferEffect(this.deps.unknownSendWaitMs, 'interrupted send: waiting for its status');
  }

  /** Outside the 24-hour window: the approved template, else SMS (reminders), else surfaced. */
  async outsideWindow(
    ctx: EffectContext,
    message: OutboundMessage,
    fallbackOf?: string,
  ): Promise<unknown> {
    const { template } = notificationPolicy(ctx.tenant);
    if (!template)
      return this.undeliverable(ctx, message, 'outside_window_no_template', fallbackOf);
    const account = await this.account(ctx);
    const to = (await phoneOf(this.deps.db, ctx.tenant.schema, ctx.threadKey)).replace(/^\+/, '');
    const body = this.deps.whatsapp.renderTemplate(to, {
      name: template.name,
      language: template.language,
      bodyParameters: [oneLine(flattenMessage(message))],
    });
    try {
      return await this.deliver(ctx, account, body, {
        kind: 'template',
        ...(fallbackOf ? { fallbackOf } : {}),
      });
    } catch (err) {
      if (!(err instanceof GraphError) || err.retryable) throw err;
      this.deps.log.warn(
        { tenant: ctx.tenant.slug, template: template.name, graphCode: err.graphCode },
        'whatsapp template refused',
      );
      return this.undeliverable(
        ctx,
        message,
        `template_failed:${err.graphCode ?? err.reason}`,
        fallbackOf,
      );
    }
  }

  /** Nothing on WhatsApp worked: a reminder goes by SMS; anything else is told to the thread. */
  async undeliverable(
    ctx: EffectContext,
    message: OutboundMessage,
    reason: string,
    fallbackOf?: string,
  ): Promise<unknown> {
    const policy = notificationPolicy(ctx.tenant);
    if (isReminder(message) && policy.smsFallback) {
      const r = await this.deps.sms.send(ctx, message, policy, fallbackOf);
      if (r.status === 'sent') return { sms: r.sms, reason };
      reason = `${reason}; sms ${r.reason}`;
    }
    await this.deps.notify(ctx.tenant, ctx.threadKey, `delivery:${ctx.outboxId}`, {
      type: 'delivery.failed',
      at: ctx.now,
      channel: 'whatsapp',
      reason,
      ...(fallbackOf ? { providerMessageId: fallbackOf } : {}),
    });
    return { undelivered: reason };
  }

  /** `whatsapp.redeliver` {providerMessageId, code, kind, message}: a `failed` status's sequel. */
  redeliverHandler(): EffectHandler {
    return {
      answers: false,
      run: async (payload, ctx) => {
        const message = payload.message as OutboundMessage | undefined;
        const failed = String(payload.providerMessageId);
        const kind = payload.kind as DeliveryKind;
        const cls = failureClass(payload.code);
        if (!message) return { skipped: 'no message to redeliver' };
        const earlier = await this.earlierRun(ctx);
        if (earlier !== undefined) return earlier;
        if (kind === 'message' && cls === 'outside_window')
          return this.outsideWindow(ctx, message, failed);
        if (kind === 'message' && cls === 'rate_limited') return this.send(ctx, message, failed);
        const reason =
          cls === 'other'
            ? `failed:${typeof payload.code === 'number' ? payload.code : 'unknown'}`
            : cls;
        return this.undeliverable(ctx, message, reason, failed);
      },
    };
  }

  /** `whatsapp.mark_read` {messageId}: blue ticks, best effort (never retried, never fatal). */
  markReadHandler(): EffectHandler {
    return {
      answers: false,
      unordered: true,
      run: async (payload, ctx) => {
        try {
          await this.deps.whatsapp.markRead(await this.account(ctx), String(payload.messageId));
          return { read: true };
        } catch (err) {
          this.deps.log.debug({ err, tenant: ctx.tenant.slug }, 'whatsapp mark read failed');
          return { read: false };
        }
      },
    };
  }

  private async deliver(
    ctx: EffectContext,
    account: WhatsAppNumber,
    body: WhatsAppSendBody,
    d: { kind: DeliveryKind; fallbackOf?: string },
  ): Promise<unknown> {
    const wait = await this.gate(account);
    if (wait) return wait;
    const callback = sendCallbackData(ctx.outboxId, d.kind);
    let sent;
    try {
      sent = await this.deps.whatsapp.send(account, {
        ...body,
        biz_opaque_callback_data: callback,
      });
    } catch (err) {
      throw this.unknownOutcome(ctx, err);
    }
    await recordAccepted(this.deps.db, ctx.tenant.schema, {
      providerMessageId: sent.messageId,
      channel: 'whatsapp',
      outboxId: ctx.outboxId,
      threadKey: ctx.threadKey,
      ...d,
    });
    return { wamid: sent.messageId, ...(d.kind === 'template' ? { template: true } : {}) };
  }

  /**
   * A timeout or a 5xx may come after Meta accepted the message: resending at once is how
   * customers got the same reply 2-4 times. Such a send is retried only after
   * `unknownSendWaitMs`, by which time the status webhook of a message that did go out has
   * recorded it under this effect (see `adoptStatus`), and the retry sends nothing.
   */
  private unknownOutcome(ctx: EffectContext, err: unknown): unknown {
    if (!(err instanceof GraphError)) return err;
    const unknown = err.reason === 'timeout' || (err.status !== undefined && err.status >= 500);
    if (!unknown) return err;
    this.deps.log.warn(
      { tenant: ctx.tenant.slug, outboxId: ctx.outboxId, reason: err.reason, status: err.status },
      'whatsapp send outcome unknown; waiting for its status before resending',
    );
    return new GraphError({
      provider: err.provider,
      message: `send outcome unknown: ${err.message}`,
      reason: err.reason,
      retryable: true,
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
      retryAfterMs: this.deps.unknownSendWaitMs,
      cause: err,
    });
  }

  /** One token of the number's bucket; a short wait inline, a longer one as a deferral. */
  private async gate(account: WhatsAppNumber): Promise<EffectDeferral | undefined> {
    const spec = { ratePerSec: account.messagesPerSecond };
    for (let i = 0; i < 4; i++) {
      const r = await this.deps.limiter.take(`wa:${account.phoneNumberId}`, spec);
      if (r.allowed) return undefined;
      if (r.retryAfterMs > INLINE_WAIT_MS) return deferEffect(r.retryAfterMs, 'rate limit');
      await sleep(r.retryAfterMs);
    }
    return deferEffect(INLINE_WAIT_MS, 'rate limit');
  }

  private async account(ctx: EffectContext): Promise<WhatsAppNumber> {
    const account = await this.deps.accounts.whatsapp(ctx.tenant);
    if (!account)
      throw new RatibaError(
        'provider_error',
        `tenant ${ctx.tenant.slug} has no WhatsApp number with an access token`,
      );
    return account;
  }
}

const CALLBACK = /^ratiba:(\d{1,18}):(message|template)$/;

/** `biz_opaque_callback_data` of a send: the outbox effect it carries out. */
export const sendCallbackData = (outboxId: number, kind: DeliveryKind) =>
  `ratiba:${outboxId}:${kind}`;

/** The effect a status webhook's callback data names, when it is one of ours. */
export function parseSendCallbackData(
  data: string | undefined,
): { outboxId: number; kind: DeliveryKind } | undefined {
  const m = data === undefined ? null : CALLBACK.exec(data);
  return m ? { outboxId: Number(m[1]), kind: m[2] as DeliveryKind } : undefined;
}
