import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { ConversationView } from '../../contract';
import type { Database } from '../db/database';
import { ident, publicError } from '../../contract';
import { writeAudit } from '../../booking';
import { readJson } from '../http/body';
import type { Logger } from '../logger';
import { maskPhone } from '../mailbox/phone';
import {
  assignmentOf,
  assignThread,
  resolveThread,
  type Operator,
} from '../stores/console-assignments';
import { listOperators, seeOperator } from '../stores/console-operators';
import { markRead } from '../stores/console-reads';
import type { Tenant } from '../tenancy/tenant-registry';
import type { Principal } from './console-auth';
import { readConversation, replyWindow } from './conversation-queries';
import { inboxFields } from './inbox-queries';
import type { getThread } from './thread-queries';

export type Ctx = Context & { params: Record<string, string | undefined> };
type Thread = NonNullable<Awaited<ReturnType<typeof getThread>>>;

/** What console-routes lends the inbox routes (authentication, lookups, event delivery). */
export interface InboxRouteHelpers {
  db: Database;
  log: Logger;
  who(ctx: Context): Promise<Principal>;
  tenantOf(ctx: Ctx, p: Principal): Promise<Tenant>;
  threadOf(ctx: Ctx, t: Tenant): Promise<Thread>;
  /** Delivers a console event into the thread (202 with the event id). */
  deliver(
    ctx: Ctx,
    action: string,
    event: (p: Principal) => { type: string } & Record<string, unknown>,
  ): Promise<{ p: Principal; t: Tenant; thread: Thread }>;
  parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T>;
}

const conversationQuery = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(60),
  reveal: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
const assignBody = z.object({
  to: z.union([
    z.literal('me'),
    z.null(),
    z.object({ subject: z.string().min(1).max(200) }).strict(),
  ]),
});
const readBody = z.object({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

/**
 * The operator's daily path (issue 16): the conversation as chat, and the inbox workflow —
 * claim or release a thread, resolve it (the bot picks up again), mark it read.
 */
export function inboxRoutes(router: Router, h: InboxRouteHelpers): void {
  const base = '/api/tenants/:tenant/threads/:thread';

  router.get(`${base}/conversation`, async (ctx) => {
    ctx.body = await conversationOf(h, ctx);
  });

  router.get('/api/tenants/:tenant/operators', async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    // Whoever opens the list is one of the tenant's operators from now on.
    await seeOperator(h.db, t.schema, { subject: p.subject, name: p.name });
    ctx.body = { operators: await listOperators(h.db, t.schema), me: p.subject };
  });

  router.post(`${base}/assign`, async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const thread = await h.threadOf(ctx, t);
    const body = await readJson(ctx, assignBody);
    const me = { subject: p.subject, name: p.name };
    await seeOperator(h.db, t.schema, me);
    const to = await assignee(h, t, me, body.to);
    const before = await assignmentOf(h.db, t.schema, thread.threadKey);
    await assignThread(h.db, t.schema, thread.threadKey, to);
    const action = !to ? 'release' : to.subject === p.subject ? 'claim' : 'assign';
    await writeAudit(h.db, t.schema, {
      adminPhone: null,
      threadKey: thread.threadKey,
      action: `console_${action}`,
      target: to ? `operator:${to.subject}` : null,
      before: { assignee: before },
      after: { assignee: to, by: me },
    });
    h.log.info(
      {
        tenant: t.slug,
        thread: thread.threadKey,
        operator: p.subject,
        assignee: to?.subject,
        action,
      },
      'console action',
    );
    ctx.body = { thread: thread.threadKey, assignee: to };
  });

  router.post(`${base}/resolve`, async (ctx) => {
    await h.who(ctx);
    await readJson(ctx, z.object({}));
    // A thread waiting for (or with) a person goes back to the bot; the resolution is recorded.
    const { p, t, thread } = await h.deliver(ctx, 'resolve', () => ({ type: 'handoff.end' }));
    await resolveThread(h.db, t.schema, thread.threadKey, { subject: p.subject, name: p.name });
  });

  router.post(`${base}/read`, async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const thread = await h.threadOf(ctx, t);
    const body = await readJson(ctx, readBody);
    await markRead(h.db, t.schema, thread.threadKey, p.subject, Math.min(body.seq, thread.seq));
    ctx.body = { thread: thread.threadKey, seq: Math.min(body.seq, thread.seq) };
  });
}

/** Who a thread goes to: the asking operator, a known operator of the tenant, or nobody. */
async function assignee(
  h: InboxRouteHelpers,
  t: Tenant,
  me: Operator,
  to: z.infer<typeof assignBody>['to'],
): Promise<Operator | null> {
  if (to === null) return null;
  if (to === 'me' || to.subject === me.subject) return me;
  const known = (await listOperators(h.db, t.schema)).find((o) => o.subject === to.subject);
  if (!known)
    throw publicError(
      'bad_request',
      'no such operator for this tenant (they must have used its console)',
    );
  return known;
}

/** The thread as the chat an operator reads, with its inbox state (for the asking operator). */
async function conversationOf(h: InboxRouteHelpers, ctx: Ctx): Promise<ConversationView> {
  const p = await h.who(ctx);
  const t = await h.tenantOf(ctx, p);
  const thread = await h.threadOf(ctx, t);
  const q = h.parse(conversationQuery, ctx.query);
  if (q.reveal)
    h.log.info(
      { tenant: t.slug, thread: thread.threadKey, what: 'conversation', operator: p.subject },
      'console pii revealed',
    );
  const conv = await readConversation(h.db, t.schema, t.slug, thread.threadKey, {
    limit: q.limit,
    reveal: q.reveal,
    ...(q.before ? { before: q.before } : {}),
  });
  const fields = (await inboxFields(h.db, t.schema, [thread], p.subject)).get(thread.threadKey);
  const customer = await h.db.query<{ language: string | null }>(
    `SELECT c.language FROM ${ident(t.schema)}.customers c WHERE c.id = $1`,
    [thread.customerId],
  );
  const view: ConversationView = {
    threadKey: thread.threadKey,
    customer: {
      name: fields?.customerName ?? null,
      phone: thread.phone ? (q.reveal ? thread.phone : maskPhone(thread.phone)) : null,
      channel: thread.channel,
      language: customer.rows[0]?.language ?? null,
    },
    window: replyWindow(thread.channel, conv.lastInboundAt, Date.now()),
    messages: conv.messages,
    olderBefore: conv.olderBefore,
    inbox: fields?.inbox ?? {
      assignee: null,
      assignedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      waitingSince: null,
      unread: 0,
    },
    revealed: q.reveal,
  };
  return view;
}
