import type { AdminCallKinds } from '../../contract';
import { escalationSummaryJob } from '../../understanding';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import { AdminThreads } from '../supervisor/admin-threads';
import type { EventEnricher } from '../supervisor/supervisor';
import { REGISTRY_CHANNEL } from '../tenancy/tenant-apply';
import type { TenantRegistry } from '../tenancy/tenant-registry';
import { DigestSeeder } from '../timers/digest-seeder';
import { AdminUnderstander, withAdminUnderstanding } from './admin-enricher';
import { adminHandlers } from './admin-handlers';
import { LlmUnderstander } from './llm-understander';

export interface OwnerSideDeps {
  db: Database;
  log: Logger;
  tenants: TenantRegistry;
  /** The customers' understander: its caches go with the tenant's. */
  understander: { invalidate(slug?: string): void };
  /** In-process delivery of a registry change (the embedded database); else pg NOTIFY. */
  publishLocally?: (channel: string, slug: string) => void;
  shardCount: number;
  clock?: Clock;
}

/**
 * The owners' side of the runtime (issue 12), composed in one place: admin understanding before
 * the turn, the `admin.*` effect handlers, and the digest timers' seeder.
 */
type AdminCustomerResult = AdminCallKinds['admin.customer']['result'];

/**
 * `admin.customer` (who an escalating customer is, and a summary of what they said) with the
 * summary written by the LLM router; the deterministic one when no model answers.
 */
function withLlmSummaries(
  handlers: Record<string, EffectHandler>,
  llm: Pick<LlmUnderstander, 'route' | 'profileOf'>,
): Record<string, EffectHandler> {
  const inner = handlers['admin.customer'];
  if (!inner) return handlers;
  const run: EffectHandler['run'] = async (payload, ctx) => {
    const r = (await inner.run(payload, ctx)) as AdminCustomerResult;
    const profile = await llm.profileOf(ctx.tenant).catch(() => undefined);
    if (!profile || !r.summary) return r;
    const job = escalationSummaryJob({
      tenant: profile,
      messages: r.summary.split(' / '),
      fallback: r.summary,
      threadKey: r.threadKey,
    });
    return { ...r, summary: (await llm.route(job)).value } satisfies AdminCustomerResult;
  };
  return { ...handlers, 'admin.customer': { answers: inner.answers, run } };
}

export function createOwnerSide(deps: OwnerSideDeps) {
  const { db, log, tenants } = deps;
  const llm = deps.understander instanceof LlmUnderstander ? deps.understander : undefined;
  const understanding = new AdminUnderstander(db, log, llm);
  const invalidate = (slug?: string) => {
    tenants.invalidate(slug);
    deps.understander.invalidate(slug);
    understanding.invalidate(slug);
  };
  // An owner changed the catalog: this process at once, the others over the change bus.
  const tenantChanged = async (slug: string) => {
    invalidate(slug);
    if (deps.publishLocally) deps.publishLocally(REGISTRY_CHANNEL, slug);
    else await db.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, slug]);
  };
  const plain = adminHandlers({ db, log, tenantChanged });
  const handlers: Record<string, EffectHandler> = llm ? withLlmSummaries(plain, llm) : plain;
  const digests = new DigestSeeder(db, tenants, new AdminThreads(db), log, {
    shardCount: deps.shardCount,
    everyMs: 3600_000,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  return {
    invalidate,
    handlers,
    digests,
    enrich: (customer: EventEnricher): EventEnricher =>
      withAdminUnderstanding(understanding, customer),
  };
}
