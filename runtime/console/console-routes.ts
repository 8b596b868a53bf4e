import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { KeycloakConfig } from '../config';
import type { Database } from '../db/database';
import { isTenantSlug, publicError, type TenantSchema } from '../../contract';
import { bookingsQuery, journalQuery, listQuery, parse } from './console-params';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { MachineRegistry } from '../supervisor/machine-registry';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';
import { canSee, requireTenant, type ConsoleAuth, type Principal } from './console-auth';
import { listBookings, readCatalog } from './booking-queries';
import { listClosures } from './calendar-queries';
import { calendarRoutes } from './calendar-routes';
import { machineGraph, type MachineGraph } from './machine-graph';
import { maskPii } from './pii-mask';
import { inboxFields } from './inbox-queries';
import { handoffRoutes } from './handoff-routes';
import { inboxRoutes } from './inbox-routes';
import { getThread, listThreads, readJournal } from './thread-queries';
import { replayThread } from './thread-replay';

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

type Ctx = Context & { params: Record<string, string | undefined> };

const THREAD_KEY = /^[a-z]:[A-Za-z0-9_.:-]{1,80}$/;

/**
 * The console's JSON API. Every route authenticates (Keycloak JWT, or loopback in development
 * mode) and checks the tenant; PII is masked unless `?reveal=1`, and reveals are logged.
 */
export function consoleRoutes(router: Router, deps: ConsoleDeps): void {
  const { db, log } = deps;
  const graphs = new Map<string, MachineGraph>();
  const graphOf = (name: string) => {
    let g = graphs.get(name);
    if (!g) {
      g = machineGraph(deps.machines.get(name).machine, name);
      graphs.set(name, g);
    }
    return g;
  };

  const who = async (ctx: Context): Promise<Principal> => {
    if (deps.auth.mode === 'development') ctx.set('x-ratiba-console-mode', 'development');
    ctx.set('cache-control', 'no-store');
    return deps.auth.authenticate(ctx.req);
  };
  const tenantOf = async (ctx: Ctx, p: Principal): Promise<Tenant> => {
    const slug = String(ctx.params.tenant);
    if (!isTenantSlug(slug)) throw publicError('unknown_tenant', 'no such tenant');
    requireTenant(p, slug);
    const t = await deps.tenants.get(slug);
    if (!t) throw publicError('unknown_tenant', `no tenant named ${JSON.stringify(slug)}`);
    return t;
  };
  const threadOf = async (ctx: Ctx, schema: TenantSchema) => {
    const key = String(ctx.params.thread);
    if (!THREAD_KEY.test(key)) throw publicError('not_found', 'no such thread');
    const thread = await getThread(db, schema, key);
    if (!thread) throw publicError('not_found', `no thread ${key}`);
    return thread;
  };

  router.get('/api/console', (ctx) => {
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      mode: deps.auth.mode,
      banner: deps.banner,
      keycloak: deps.keycloak
        ? { url: deps.keycloak.url, realm: deps.keycloak.realm, clientId: deps.keycloak.clientId }
        : null,
      simulator: deps.simulatorEnabled,
      node: deps.nodeId,
    };
  });

  router.get('/api/me', async (ctx) => {
    const p = await who(ctx);
    ctx.body = { subject: p.subject, name: p.name, tenants: p.tenants, mode: deps.auth.mode };
  });

  router.get('/api/tenants', async (ctx) => {
    const p = await who(ctx);
    const slugs = (await deps.tenants.list()).filter((s) => canSee(p, s));
    const tenants = [];
    for (const slug of slugs) {
      const t = await deps.tenants.get(slug);
      if (t) tenants.push({ slug: t.slug, name: t.name, timezone: t.timezone });
    }
    ctx.body = { tenants, mode: deps.auth.mode };
  });

  router.get('/api/tenants/:tenant/threads', async (ctx) => {
    const p = await who(ctx);
    const t = await tenantOf(ctx, p);
    const q = parse(listQuery, ctx.query);
    const page = await listThreads(db, t.schema, {
      limit: q.limit,
      ...(q.state ? { state: q.state } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.needsHuman !== undefined ? { needsHuman: q.needsHuman } : {}),
      ...(q.assignee ? { assignee: p.subject } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    const fields = await inboxFields(db, t.schema, page.threads, p.subject);
    ctx.body = {
      ...page,
      threads: page.threads.map((row) => ({ ...row, ...fields.get(row.threadKey) })),
    };
  });

  router.get('/api/tenants/:tenant/threads/:thread', async (ctx) => {
    const p = await who(ctx);
    const t = await tenantOf(ctx, p);
    const thread = await threadOf(ctx, t.schema);
    const reveal = parse(journalQuery, ctx.query).reveal === true;
    if (reveal) audit(p, t.slug, thread.threadKey, 'snapshot');
    const { phone, snapshot, ...summary } = thread;
    const fields = (await inboxFields(db, t.schema, [thread], p.subject)).get(thread.threadKey);
    ctx.body = {
      ...summary,
      // The inspector's view stays masked: the last message's text is for the list and the chat.
      customerName: fields?.customerName ?? null,
      inbox: fields?.inbox,
      customer: reveal ? phone : summary.customer,
      snapshot: reveal ? snapshot : maskPii(snapshot),
      revealed: reveal,
    };
  });

  router.get('/api/tenants/:tenant/threads/:thread/journal', async (ctx) => {
    const p = await who(ctx);
    const t = await tenantOf(ctx, p);
    const thread = await threadOf(ctx, t.schema);
    const q = parse(journalQuery, ctx.query);
    if (q.reveal) audit(p, t.slug, thread.threadKey, 'journal');
    const entries = await readJournal(db, t.schema, thread.threadKey, {
      limit: q.limit,
      ...(q.before ? { before: q.before } : {}),
    });
    ctx.body = {
      entries: q.reveal
        ? entries
        : entries.map((e) => ({ ...e, event: maskPii(e.event), effects: maskPii(e.effects) })),
      revealed: q.reveal === true,
    };
  });

  router.get('/api/tenants/:tenant/threads/:thread/at/:seq', async (ctx) => {
    const p = await who(ctx);
    const t = await tenantOf(ctx, p);
    const thread = await threadOf(ctx, t.schema);
    const seq = parse(z.coerce.number().int().min(0), ctx.params.seq);
    const reveal = parse(journalQuery, ctx.query).reveal === true;
    if (!thread.machine || !deps.machines.has(thread.machine))
      throw publicError('not_found', 'this thread has no machine to replay');
    if (reveal) audit(p, t.slug, thread.threadKey, `snapshot at ${seq}`);
    const r = await replayThread(
      db,
      t.schema,
      deps.machines.get(thread.machine),
      {
        tenant: t.slug,
        threadKey: thread.threadKey,
        kind: thread.kind,
        customerId: thread.customerId,
        timezone: t.timezone,
        settings: t.settings,
      },
      seq,
    );
    ctx.body = { ...r, snapshot: reveal ? r.snapshot : maskPii(r.snapshot), revealed: reveal };
  });

  router.get('/api/machines', async (ctx) => {
    await who(ctx);
    ctx.body = {
      machines: deps.machines.list().map((d) => ({ name: d.name, version: d.version })),
    };
  });

  router.get('/api/machines/:name/graph', async (ctx) => {
    await who(ctx);
    const name = String(ctx.params.name);
    if (!deps.machines.has(name)) throw publicError('not_found', `no machine named ${name}`);
    ctx.set('etag', `"${name}@${deps.machines.get(name).version}"`);
    ctx.body = graphOf(name);
  });

  router.get('/api/tenants/:tenant/bookings', async (ctx) => {
    const t = await tenantOf(ctx, await who(ctx));
    const q = parse(bookingsQuery, ctx.query);
    if (!(q.to > q.from) || q.to - q.from > 62 * 86_400_000)
      throw publicError('bad_request', '`to` must be after `from`, at most 62 days later');
    ctx.body = {
      timezone: t.timezone,
      ...(await listBookings(db, t.schema, q.from, q.to)),
      ...(await listClosures(db, t.schema, q.from, q.to, t.timezone)),
    };
  });

  router.get('/api/tenants/:tenant/catalog', async (ctx) => {
    const t = await tenantOf(ctx, await who(ctx));
    ctx.body = { timezone: t.timezone, ...(await readCatalog(db, t.schema)) };
  });

  const deliver = async (
    ctx: Ctx,
    action: string,
    event: (p: Principal) => { type: string } & Record<string, unknown>,
  ) => {
    const p = await who(ctx);
    const t = await tenantOf(ctx, p);
    const thread = await threadOf(ctx, t.schema);
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
    log.info(
      { tenant: t.slug, thread: thread.threadKey, operator: p.subject, action },
      'console action',
    );
    ctx.status = 202;
    ctx.body = { eventId: accepted.eventId, thread: thread.threadKey, event: e.type };
    return { p, t, thread };
  };

  const helpers = {
    db,
    log,
    who,
    tenantOf,
    threadOf: (ctx: Ctx, t: Tenant) => threadOf(ctx, t.schema),
    deliver,
    parse,
  };
  handoffRoutes(router, helpers);
  calendarRoutes(router, helpers);
  inboxRoutes(router, helpers);

  function audit(p: Principal, tenant: string, thread: string, what: string): void {
    log.info(
      { tenant, thread, what, operator: p.subject, operatorName: p.name },
      'console pii revealed',
    );
  }
}
