import type { Database } from '../runtime/db/database';
import { createFaults } from '../runtime/faults';
import type { DedupCache } from '../runtime/mailbox/dedup-cache';
import type { InboxInsert } from '../runtime/stores/inbox';
import type { InboxWriter } from '../runtime/stores/inbox-writer';
import { Ingress } from '../runtime/mailbox/ingress';
import { ReplyWaiters } from '../runtime/mailbox/reply-waiters';
import { createMetrics } from '../runtime/metrics';
import type { TenantRegistry } from '../runtime/tenancy/tenant-registry';

/** An Ingress over fakes: a Postgres inbox that counts its writes and enforces event-id uniqueness. */
export function fakeIngress(dedup: DedupCache, opts: { failWrites?: () => boolean } = {}) {
  const stored = new Set<string>();
  const writes: string[] = [];
  let nextId = 1;
  const inbox = {
    write(_schema: string, row: InboxInsert): Promise<number | null> {
      writes.push(row.eventId);
      if (opts.failWrites?.()) return Promise.reject(new Error('connection refused'));
      if (stored.has(row.eventId)) return Promise.resolve(null);
      stored.add(row.eventId);
      return Promise.resolve(nextId++);
    },
  } as unknown as InboxWriter;
  const tenants = {
    get: (slug: string) =>
      Promise.resolve(slug === 'demo' ? { slug, schema: 't_demo' } : undefined),
  } as unknown as TenantRegistry;
  const woken: string[] = [];
  const metrics = createMetrics();
  const ingress = new Ingress(
    {
      db: {} as Database,
      inbox,
      tenants,
      waker: { wake: (t) => woken.push(t.row?.eventId ?? '') },
      replies: new ReplyWaiters(),
      faults: createFaults(undefined),
      metrics,
      dedup,
    },
    { shardCount: 16, replyTimeoutMs: 1000, maxTextLength: 4096 },
  );
  const accept = (eventId: string) =>
    ingress.accept({
      tenant: 'demo',
      eventId,
      threadKey: 'c:1',
      kind: 'customer',
      customerId: 1,
      source: 'test',
      channel: 'whatsapp',
      event: { type: 'message', at: 0, channel: 'whatsapp', text: 'hi' },
    });
  return { ingress, accept, writes, woken, stored, metrics };
}
