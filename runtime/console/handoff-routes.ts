import type Router from '@koa/router';
import { z } from 'zod';
import { readJson } from '../http/body';
import { assignThread } from '../stores/console-assignments';
import type { InboxRouteHelpers } from './inbox-routes';

const replyBody = z.object({ text: z.string().trim().min(1).max(4096) });

/**
 * Take over, reply, hand back: `handoff.start`, `operator.message` and `handoff.end` delivered
 * through the thread's inbox (durable, in order, like any other event). Whoever takes a
 * conversation over has it in their inbox.
 */
export function handoffRoutes(router: Router, h: InboxRouteHelpers): void {
  const base = '/api/tenants/:tenant/threads/:thread';
  router.post(`${base}/takeover`, async (ctx) => {
    const { p, t, thread } = await h.deliver(ctx, 'takeover', (op) => ({
      type: 'handoff.start',
      by: 'operator',
      name: op.name,
    }));
    await assignThread(h.db, t.schema, thread.threadKey, { subject: p.subject, name: p.name });
  });
  router.post(`${base}/handback`, async (ctx) => {
    await h.deliver(ctx, 'handback', () => ({ type: 'handoff.end' }));
  });
  router.post(`${base}/reply`, async (ctx) => {
    // Authenticate before reading the body.
    await h.who(ctx);
    const body = await readJson(ctx, replyBody);
    await h.deliver(ctx, 'reply', (p) => ({
      type: 'operator.message',
      text: body.text,
      by: p.name,
    }));
  });
}
