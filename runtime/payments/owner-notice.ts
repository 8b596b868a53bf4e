/**
 * Tells a tenant's owners something about money (a late payment, a refund to make) in their
 * admin threads, through the inbox: as durable as any event, once per notice key.
 */
import type { Ingress } from '../mailbox/ingress';
import { customerIdOf } from '../supervisor/thread-key';
import type { Tenant } from '../tenancy/tenant-registry';
import type { Logger } from '../logger';
import { systemClock, type Clock } from '../clock';

export function ownerNotifier(ingress: Ingress, log: Logger, clock: Clock = systemClock) {
  return async (tenant: Tenant, key: string, text: string): Promise<void> => {
    if (tenant.admins.length === 0) {
      log.warn({ tenant: tenant.slug, notice: key }, 'payment notice has no owner to go to');
      return;
    }
    for (const phone of tenant.admins) {
      const threadKey = await ingress.threadOfPhone(tenant, phone, 'whatsapp');
      if (!threadKey) continue;
      await ingress.accept({
        tenant: tenant.slug,
        eventId: `payments:${key}:${threadKey}`,
        threadKey,
        kind: 'admin',
        customerId: customerIdOf(threadKey),
        source: 'payments',
        channel: null,
        event: { type: 'relay', at: clock.now(), text, reason: 'payment', fromThread: 'payments' },
      });
    }
  };
}
