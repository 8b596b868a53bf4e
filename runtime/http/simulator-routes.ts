import type Router from '@koa/router';
import { z } from 'zod';
import type { Ingress } from '../mailbox/ingress';
import { readJson } from './body';

const messageSchema = z.object({
  tenant: z.string().min(1).max(64),
  from: z.string().min(3).max(32),
  text: z.string().max(20_000).default(''),
  channel: z
    .enum(['simulator', 'whatsapp', 'instagram', 'messenger', 'voice', 'sms'])
    .default('simulator'),
  replyId: z.string().max(256).optional(),
  /** Optional client id for the message: resending the same id is a no-op. */
  messageId: z.string().min(1).max(128).optional(),
});

/**
 * The local chat simulator: `POST /api/simulator/messages` writes the message to the inbox like
 * any channel would and answers with the replies of the turns it caused.
 */
export function simulatorRoutes(router: Router, deps: { ingress: Ingress }): void {
  router.post('/api/simulator/messages', async (ctx) => {
    const body = await readJson(ctx, messageSchema);
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
