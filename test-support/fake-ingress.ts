import type { Database } from '../db/database';
import { createFaults } from '../faults';
import type { DedupCache } from '../mailbox/dedup-cache';
import type { InboxInsert } from '../mailbox/inbox';
import type { InboxWriter } from '../mailbox/inbox-writer';
import { Ingress } from '../mailbox/ingress';
import { ReplyWaiters } from '../mailbox/reply-waiters';
import { createMetrics } from '../metrics';
import type { TenantRegistry } from '../tenancy/tenant-registry';

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
    {} as Database,
    inbox,
    tenants,
    { wake: (t) => woken.push(t.row?.eventId ?? '') },
    new ReplyWaiters(),
    createFaults(undefined),
    metrics,
    { shardCount: 16, replyTimeoutMs: 1000, maxTextLength: 4096 },
    dedup,
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
