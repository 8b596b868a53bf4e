import { randomUUID } from 'node:crypto';
import { type InboundMessageEvent, publicError, RatibaError, safeText } from '../../contract';
import type { Database } from '../db/database';
import type { Faults } from '../faults';
import type { Metrics } from '../metrics';
import type { WakeTarget } from '../supervisor/supervisor';
import { shardOf, threadKeyFor } from '../supervisor/thread-key';
import { tenantNamed, type Tenant, type TenantRegistry } from '../tenancy/tenant-registry';
import { CustomerDirectory } from '../stores/customers';
import { MemoryDedupCache, type DedupCache } from './dedup-cache';
import type { InboxInsert, ReceiptEffect } from '../stores/inbox';
import type { InboxWriter } from '../stores/inbox-writer';
import { normalizePhone } from './phone';
import type { ReplyWaiters, TurnReplies } from './reply-waiters';

export interface Waker {
  wake(target: WakeTarget): void;
}

export interface AcceptedEvent {
  tenant: string;
  eventId: string;
  threadKey: string;
  /** False when the provider's event id was already in the inbox (nothing new was written). */
  fresh: boolean;
  /** Resolves with the replies of the turns this event caused (only if `awaitReply` was set). */
  replies?: Promise<TurnReplies>;
}

/**
 * A message as a channel hands it over: the message event's own fields (`InboundMessageEvent`,
 * checked and cut to size on the way in), who sent it, and where it came from.
 */
export interface MessageIn extends Pick<
  InboundMessageEvent,
  'channel' | 'text' | 'replyId' | 'voiceNote' | 'media' | 'mediaId' | 'mimeType'
> {
  tenant: string;
  /** Phone number as the channel gives it; normalized to E.164. */
  from: string;
  /** The provider's message id (dedup key). A fresh id is made when absent. */
  eventId?: string;
  source: string;
  /** Effects of the arrival (mark as read), enqueued with the inbox row when the message is new. */
  effects?: readonly ReceiptEffect[];
}

export interface IngressOptions {
  shardCount: number;
  replyTimeoutMs: number;
  /** Longest message text kept; the rest is cut (a 10,000-character message is still accepted). */
  maxTextLength: number;
}

export interface IngressDeps {
  /** Connections for the customer directory (first contacts). */
  db: Database;
  inbox: InboxWriter;
  tenants: TenantRegistry;
  waker: Waker;
  replies: ReplyWaiters;
  faults: Faults;
  metrics: Metrics;
  /** Provider event ids already stored (Redis in a cluster): a hint, Postgres decides. */
  dedup?: DedupCache;
}

/**
 * The front door of every event: resolves tenant, customer and thread, writes the inbox row
 * (durable before anyone is acknowledged), then wakes the shard's owner.
 */
export class Ingress {
  private readonly customers: CustomerDirectory;

  private readonly dedup: DedupCache;

  constructor(
    private readonly deps: IngressDeps,
    private readonly opts: IngressOptions,
  ) {
    this.dedup = deps.dedup ?? new MemoryDedupCache();
    this.customers = new CustomerDirectory(deps.db);
  }

  /** The thread of a phone number on a channel (creating the customer), as messages resolve it. */
  async threadOfPhone(tenant: Tenant, from: string, channel: string): Promise<string | undefined> {
    const phone = normalizePhone(from);
    return phone ? (await this.threadOf(tenant, phone, channel)).threadKey : undefined;
  }

  /** Customer (created if new), thread kind (an admin phone's is the owner's) and thread key. */
  private async threadOf(tenant: Tenant, phone: string, channel: string) {
    const customerId = await this.customers.resolve(tenant.schema, phone, channel);
    const kind = tenant.admins.includes(phone) ? ('admin' as const) : ('customer' as const);
    return { customerId, kind, threadKey: threadKeyFor(kind, customerId) };
  }

  async acceptMessage(
    m: MessageIn,
    options: { awaitReply?: boolean; at?: number } = {},
  ): Promise<AcceptedEvent> {
    const tenant = await tenantNamed(this.deps.tenants, m.tenant);
    const phone = normalizePhone(m.from);
    if (!phone)
      throw publicError('bad_request', '`from` must be a phone number (E.164, e.g. +254712345678)');
    const { customerId, kind, threadKey } = await this.threadOf(tenant, phone, m.channel);
    const event: InboundMessageEvent = {
      type: 'message',
      at: options.at ?? Date.now(),
      channel: m.channel,
      // Cut by code point (an emoji is never halved); NUL and lone surrogates stripped.
      text: safeText(m.text, this.opts.maxTextLength),
      ...(m.replyId ? { replyId: safeText(m.replyId, 256) } : {}),
      ...(m.voiceNote ? { voiceNote: true } : {}),
      ...(m.media ? { media: safeText(m.media, 32) } : {}),
      ...(m.mediaId ? { mediaId: safeText(m.mediaId, 128) } : {}),
      ...(m.mimeType ? { mimeType: safeText(m.mimeType, 100) } : {}),
    };
    return this.accept(
      {
        tenant: tenant.slug,
        eventId: m.eventId ?? `${m.source}:${randomUUID()}`,
        threadKey,
        kind,
        customerId,
        source: m.source,
        channel: m.channel,
        event: { ...event },
        ...(m.effects ? { effects: m.effects } : {}),
      },
      options.awaitReply ?? false,
    );
  }

  /**
   * An event that is not a message for the thread of a phone number (a call starting or
   * ending): resolved like a message from that phone on `channel`, then accepted as it is.
   */
  async acceptForPhone(
    e: {
      tenant: string;
      from: string;
      channel: InboundMessageEvent['channel'];
      eventId: string;
      source: string;
      event: { type: string; at: number } & Record<string, unknown>;
    },
    options: { awaitReply?: boolean } = {},
  ): Promise<AcceptedEvent> {
    const tenant = await tenantNamed(this.deps.tenants, e.tenant);
    const phone = normalizePhone(e.from);
    if (!phone) throw publicError('bad_request', '`from` must be a phone number (E.164)');
    const { customerId, kind, threadKey } = await this.threadOf(tenant, phone, e.channel);
    return this.accept(
      {
        tenant: tenant.slug,
        eventId: e.eventId,
        threadKey,
        kind,
        customerId,
        source: e.source,
        channel: e.channel,
        event: e.event,
      },
      options.awaitReply ?? false,
    );
  }

  /** Any event for a known thread (payment callbacks, console actions, call sessions). */
  async accept(
    e: Omit<InboxInsert, 'shard'> & { tenant: string },
    awaitReply = false,
  ): Promise<AcceptedEvent> {
    const tenant = await tenantNamed(this.deps.tenants, e.tenant);
    const shard = shardOf(tenant.slug, e.threadKey, this.opts.shardCount);
    // Fast path: a repeat of an event already stored is answered without touching Postgres.
    if (await this.dedup.seen(tenant.slug, e.eventId)) {
      this.deps.metrics.inboxEvents.inc({ result: 'duplicate' });
      return { tenant: tenant.slug, eventId: e.eventId, threadKey: e.threadKey, fresh: false };
    }
    const replies = awaitReply
      ? this.deps.replies.wait(e.eventId, this.opts.replyTimeoutMs)
      : undefined;
    let id: number | null;
    try {
      id = await this.deps.inbox.write(tenant.schema, { ...e, shard });
    } catch (err) {
      this.deps.replies.failed(e.eventId, 'database_unavailable');
      // Nothing was written, so nothing may be acknowledged: 503 makes the provider retry.
      throw new RatibaError('database_unavailable', 'the event could not be stored; retry', {
        retryable: true,
        cause: err,
      });
    }
    this.deps.faults.hit('ingress.after_inbox_insert');
    // Only now, with the row durable: a hit must never stand for an event that was not stored.
    this.dedup.remember(tenant.slug, e.eventId);
    if (id === null) {
      this.deps.metrics.inboxEvents.inc({ result: 'duplicate' });
      if (replies) this.deps.replies.committed(e.eventId, [], 0, false);
      return { tenant: tenant.slug, eventId: e.eventId, threadKey: e.threadKey, fresh: false };
    }
    this.deps.metrics.inboxEvents.inc({ result: 'accepted' });
    this.deps.waker.wake({
      tenant: tenant.slug,
      threadKey: e.threadKey,
      shard,
      row: {
        id,
        eventId: e.eventId,
        threadKey: e.threadKey,
        shard,
        event: e.event,
        receivedAt: Date.now(),
      },
    });
    return {
      tenant: tenant.slug,
      eventId: e.eventId,
      threadKey: e.threadKey,
      fresh: true,
      ...(replies ? { replies } : {}),
    };
  }
}
