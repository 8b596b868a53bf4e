import type { CallKinds } from '../../contract';
import { createBookingCalls, type BookingCallKind } from './booking-calls';
import type { Database } from '../db/database';
import type { EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import { customerIdOf } from '../supervisor/thread-key';

/**
 * The booking calls as outbox effect handlers, one per call kind (`BookingCalls` has every kind
 * of `CallKinds`): each runs against the tenant's schema for the thread's customer, and its
 * result returns to the thread as a `call.result` event.
 */
export function bookingHandlers(db: Database, log: Logger): Record<string, EffectHandler> {
  const calls = createBookingCalls({ log });
  const handlers: Record<string, EffectHandler> = {};
  for (const kind of Object.keys(calls) as BookingCallKind[]) {
    handlers[kind] = {
      answers: true,
      run: (payload, ctx) => {
        const call = calls[kind] as (
          c: Parameters<(typeof calls)[typeof kind]>[0],
          p: CallKinds[typeof kind]['payload'],
        ) => Promise<unknown>;
        return call(
          {
            db,
            schema: ctx.tenant.schema,
            tenant: ctx.tenant,
            customerId: ctx.threadKey.startsWith('c:') ? customerIdOf(ctx.threadKey) : null,
            threadKey: ctx.threadKey,
            now: ctx.now,
          },
          payload as CallKinds[typeof kind]['payload'],
        );
      },
    };
  }
  return handlers;
}
