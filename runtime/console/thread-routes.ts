import type Router from '@koa/router';
import { z } from 'zod';
import { publicError } from '../../contract';
import { journalQuery, listQuery, parse } from './console-params';
import type { ConsoleRouteHelpers } from './console-route-helpers';
import { inboxFields } from './inbox-queries';
import { maskPii } from './pii-mask';
import { listThreads, readJournal } from './thread-queries';
import { replayThread } from './thread-replay';

/**
 * A tenant's threads: the list (with inbox fields), one thread, its journal, and its snapshot
 * replayed at a sequence number. PII is masked unless `?reveal=1`, and reveals are logged.
 */
export function threadRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const { db } = h;
  router.get('/api/tenants/:tenant/threads', async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const q = parse(listQuery, ctx.query);
    const page = await listThreads(db, t.schema, {
      limit: q.limit,
      ...(q.state ? { state: q.state } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.needsHuman !== undefined ? { needsHuman: q.needsHuman } : {}),
      ...(q.assignee ? { assignee: p.subject } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    const fields = await inboxFields(db, t.schema, page.threads, p.subject);
    ctx.body = {
      ...page,
      threads: page.threads.map((row) => ({ ...row, ...fields.get(row.threadKey) })),
    };
  });

  router.get('/api/tenants/:tenant/threads/:thread', async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const thread = await h.threadOf(ctx, t);
    const reveal = parse(journalQuery, ctx.query).reveal === true;
    if (reveal) h.audit(p, t.slug, thread.threadKey, 'snapshot');
    const { phone, snapshot, ...summary } = thread;
    const fields = (await inboxFields(db, t.schema, [thread], p.subject)).get(thread.threadKey);
    ctx.body = {
      ...summary,
      // The inspector's view stays masked: the last message's text is for the list and the chat.
      customerName: fields?.customerName ?? null,
      inbox: fields?.inbox,
      customer: reveal ? phone : summary.customer,
      snapshot: reveal ? snapshot : maskPii(snapshot),
      revealed: reveal,
    };
  });

  historyRoutes(router, h);
}

/** A thread's past: its journal, and its snapshot replayed at a sequence number. */
function historyRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const { db, deps } = h;
  router.get('/api/tenants/:tenant/threads/:thread/journal', async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const thread = await h.threadOf(ctx, t);
    const q = parse(journalQuery, ctx.query);
    if (q.reveal) h.audit(p, t.slug, thread.threadKey, 'journal');
    const entries = await readJournal(db, t.schema, thread.threadKey, {
      limit: q.limit,
      ...(q.before ? { before: q.before } : {}),
    });
    ctx.body = {
      entries: q.reveal
        ? entries
        : entries.map((e) => ({ ...e, event: maskPii(e.event), effects: maskPii(e.effects) })),
      revealed: q.reveal === true,
    };
  });

  router.get('/api/tenants/:tenant/threads/:thread/at/:seq', async (ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const thread = await h.threadOf(ctx, t);
    const seq = parse(z.coerce.number().int().min(0), ctx.params.seq);
    const reveal = parse(journalQuery, ctx.query).reveal === true;
    if (!thread.machine || !deps.machines.has(thread.machine))
      throw publicError('not_found', 'this thread has no machine to replay');
    if (reveal) h.audit(p, t.slug, thread.threadKey, `snapshot at ${seq}`);
    const r = await replayThread(
      db,
      t.schema,
      deps.machines.get(thread.machine),
      {
        tenant: t.slug,
        threadKey: thread.threadKey,
        kind: thread.kind,
        customerId: thread.customerId,
        timezone: t.timezone,
        settings: t.settings,
      },
      seq,
    );
    ctx.body = { ...r, snapshot: reveal ? r.snapshot : maskPii(r.snapshot), revealed: reveal };
  });
}
