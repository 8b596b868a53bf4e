import type Router from '@koa/router';
import { z } from 'zod';
import { requireTenant, type ConsoleAuth } from '../console/console-auth';
import type { Ingress } from '../mailbox/ingress';
import { readJson } from './body';

const messageSchema = z.object({
  tenant: z.string().min(1).max(64),
  from: z.string().min(3).max(32),
  text: z.string().max(20_000).default(''),
  // Never a real channel: the replies would go out from the tenant's number to any phone.
  channel: z
    .enum(['simulator', 'voice'], {
      error: 'channel must be simulator or voice (the simulator never sends to real channels)',
    })
    .default('simulator'),
  replyId: z.string().max(256).optional(),
  /** Optional client id for the message: resending the same id is a no-op. */
  messageId: z.string().min(1).max(128).optional(),
});

/**
 * The local chat simulator: `POST /api/simulator/messages` writes the message to the inbox like
 * any channel would and answers with the replies of the turns it caused. Behind the console's
 * authentication and tenant scope (Keycloak, or this machine only in development mode).
 */
export function simulatorRoutes(
  router: Router,
  deps: { ingress: Ingress; auth: ConsoleAuth },
): void {
  router.post('/api/simulator/messages', async (ctx) => {
    // Authenticated before the body is read.
    const principal = await deps.auth.authenticate(ctx.req);
    const body = await readJson(ctx, messageSchema);
    requireTenant(principal, body.tenant);
    const accepted = await deps.ingress.acceptMessage(
      {
        tenant: body.tenant,
        from: body.from,
        channel: body.channel,
        text: body.text,
        ...(body.replyId ? { replyId: body.replyId } : {}),
        ...(body.messageId ? { eventId: `sim:${body.messageId}` } : {}),
        source: 'simulator',
      },
      { awaitReply: true },
    );
    const result = accepted.replies ? await accepted.replies : undefined;
    ctx.status = result?.status === 'timeout' ? 202 : 200;
    ctx.body = {
      eventId: accepted.eventId,
      thread: accepted.threadKey,
      duplicate: !accepted.fresh,
      status: result?.status ?? 'duplicate',
      replies: result?.replies ?? [],
      ...(result?.error ? { error: result.error } : {}),
    };
  });
}
