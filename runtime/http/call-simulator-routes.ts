import { requireTenant, type ConsoleAuth } from '../console/console-auth';
import type Router from '@koa/router';
import { z } from 'zod';
import type { Ingress } from '../mailbox/ingress';
import { readJson } from './body';

const callEventSchema = z.object({
  tenant: z.string().min(1).max(64),
  from: z.string().min(3).max(32),
  type: z.enum(['call.started', 'call.ended', 'call.unheard']),
  /** call.unheard: our words the caller did not hear. */
  text: z.string().max(4000).optional(),
  /** call.ended: where follow-ups go (the customer's chat). */
  followUp: z.enum(['whatsapp', 'sms', 'simulator']).optional(),
  reason: z.enum(['hangup', 'agent', 'error']).optional(),
  /** Numbers repeated events of one kind (call.unheard) so each is kept once. */
  seq: z.number().int().min(0).max(1_000_000).optional(),
});

const callIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/);

/**
 * The local call simulator's call events (`npx ratiba call`, the console's call panel):
 * `POST /api/simulator/calls/<callId>/events` `{ tenant, from, type }` writes the call's start,
 * end or unheard words to the caller's thread like the LiveKit worker does; a start answers with
 * the thread's opening words. The call's utterances are `POST /api/simulator/messages` with
 * `channel: 'voice'` and `messageId: '<callId>:<seq>'`.
 */
export function callSimulatorRoutes(
  router: Router,
  deps: { ingress: Ingress; auth: ConsoleAuth },
): void {
  router.post('/api/simulator/calls/:callId/events', async (ctx) => {
    const callId = callIdSchema.safeParse(ctx.params.callId);
    if (!callId.success) {
      ctx.status = 400;
      ctx.body = { error: 'bad_request', message: 'callId: 1-80 of A-Z a-z 0-9 _ . : -' };
      return;
    }
    // Behind the console's authentication and tenant scope, like the chat simulator.
    const principal = await deps.auth.authenticate(ctx.req);
    const body = await readJson(ctx, callEventSchema);
    requireTenant(principal, body.tenant);
    const at = Date.now();
    const event =
      body.type === 'call.started'
        ? { type: body.type, at, channel: 'voice', callId: callId.data }
        : body.type === 'call.ended'
          ? {
              type: body.type,
              at,
              callId: callId.data,
              reason: body.reason ?? 'hangup',
              ...(body.followUp ? { channel: body.followUp } : {}),
            }
          : { type: body.type, at, text: body.text ?? '' };
    const suffix = body.type.slice('call.'.length) + (body.seq !== undefined ? `:${body.seq}` : '');
    const accepted = await deps.ingress.acceptForPhone(
      {
        tenant: body.tenant,
        from: body.from,
        channel: 'voice',
        eventId: `sim:${callId.data}:${suffix}`,
        source: 'simulator',
        event,
      },
      { awaitReply: body.type === 'call.started' },
    );
    const result = accepted.replies ? await accepted.replies : undefined;
    ctx.status = result?.status === 'timeout' ? 202 : 200;
    ctx.body = {
      eventId: accepted.eventId,
      duplicate: !accepted.fresh,
      status: result?.status ?? (accepted.fresh ? 'ok' : 'duplicate'),
      replies: result?.replies ?? [],
    };
  });
}
