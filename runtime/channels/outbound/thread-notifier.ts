import type { Ingress } from '../../mailbox/ingress';
import { customerIdOf, threadKindOf } from '../../supervisor/thread-key';
import type { Tenant } from '../../tenancy/tenant-registry';

/** Delivers an event to a thread through its inbox (at most once per `eventId`). */
export type ThreadNotifier = (
  tenant: Tenant,
  threadKey: string,
  eventId: string,
  event: { type: string; at: number } & Record<string, unknown>,
) => Promise<void>;

export function ingressNotifier(ingress: Ingress): ThreadNotifier {
  return async (tenant, threadKey, eventId, event) => {
    await ingress.accept({
      tenant: tenant.slug,
      eventId,
      threadKey,
      kind: threadKindOf(threadKey),
      customerId: customerIdOf(threadKey),
      source: 'channel',
      channel: null,
      event,
    });
  };
}
