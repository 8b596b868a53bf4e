import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import type { KeycloakConfig } from '../config';
import type { Database } from '../db/database';
import { publicError } from '../../contract';
import { parse } from './console-params';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { MachineRegistry } from '../supervisor/machine-registry';
import { tenantNamed, type Tenant, type TenantRegistry } from '../tenancy/tenant-registry';
import { tenantSlugOf, type ConsoleAuth, type Principal } from './console-auth';
import type { Ctx, InboxRouteHelpers } from './inbox-routes';
import { getThread } from './thread-queries';

export interface ConsoleDeps {
  db: Database;
  tenants: TenantRegistry;
  ingress: Ingress;
  machines: MachineRegistry;
  auth: ConsoleAuth;
  log: Logger;
  nodeId: string;
  keycloak: KeycloakConfig | undefined;
  simulatorEnabled: boolean;
  /** Shown across the top of the console (no login), or null. */
  banner: string | null;
}

/** What every group of console routes shares: the deps, authentication, lookups, delivery. */
export interface ConsoleRouteHelpers extends InboxRouteHelpers {
  deps: ConsoleDeps;
  /** Logs that an operator revealed a thread's PII. */
  audit(p: Principal, tenant: string, thread: string, what: string): void;
}

const THREAD_KEY = /^[a-z]:[A-Za-z0-9_.:-]{1,80}$/;

/**
 * Authenticates (Keycloak JWT, or loopback in development mode), checks the tenant, finds the
 * thread, and logs PII reveals: the building blocks of the console's routes.
 */
export function consoleHelpers(deps: ConsoleDeps): ConsoleRouteHelpers {
  const { db, log } = deps;
  const who = async (ctx: Context): Promise<Principal> => {
    if (deps.auth.mode === 'development') ctx.set('x-ratiba-console-mode', 'development');
    ctx.set('cache-control', 'no-store');
    return deps.auth.authenticate(ctx.req);
  };
  const tenantOf = (ctx: Ctx, p: Principal): Promise<Tenant> =>
    tenantNamed(deps.tenants, tenantSlugOf(p, ctx.params));
  const threadOf = async (ctx: Ctx, t: Tenant) => {
    const key = String(ctx.params.thread);
    if (!THREAD_KEY.test(key)) throw publicError('not_found', 'no such thread');
    const thread = await getThread(db, t.schema, key);
    if (!thread) throw publicError('not_found', `no thread ${key}`);
    return thread;
  };
  const audit = (p: Principal, tenant: string, thread: string, what: string): void => {
    log.info(
      { tenant, thread, what, operator: p.subject, operatorName: p.name },
      'console pii revealed',
    );
  };
  const base = { db, log, who, tenantOf, threadOf, parse };
  return { ...base, deps, audit, deliver: deliverer(deps, base) };
}

/** Delivers a console event into the thread's inbox (202 with the event id). */
function deliverer(
  deps: ConsoleDeps,
  h: Pick<InboxRouteHelpers, 'who' | 'tenantOf' | 'threadOf'>,
): InboxRouteHelpers['deliver'] {
  return async (ctx, action, event) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const thread = await h.threadOf(ctx, t);
    const e = { ...event(p), at: Date.now() };
    const accepted = await deps.ingress.accept({
      tenant: t.slug,
      eventId: `console:${randomUUID()}`,
      threadKey: thread.threadKey,
      kind: thread.kind,
      customerId: thread.customerId,
      source: 'console',
      channel: null,
      event: e,
    });
    deps.log.info(
      { tenant: t.slug, thread: thread.threadKey, operator: p.subject, action },
      'console action',
    );
    ctx.status = 202;
    ctx.body = { eventId: accepted.eventId, thread: thread.threadKey, event: e.type };
    return { p, t, thread };
  };
}
