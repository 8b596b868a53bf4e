import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { KeycloakConfig } from '../config';
import type { Database } from '../db/database';
import { isTenantSlug, publicError, type TenantSchema } from '../../contract';
import { readJson } from '../http/body';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { MachineRegistry } from '../supervisor/machine-registry';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';
import { canSee, requireTenant, type ConsoleAuth, type Principal } from './console-auth';
import { listBookings, readCatalog } from './booking-queries';
import { machineGraph, type MachineGraph } from './machine-graph';
import { maskPii } from './pii-mask';
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
}

type Ctx = Context & { params: Record<string, string | undefined> };

const THREAD_KEY = /^[a-z]:[A-Za-z0-9_.:-]{1,80}$/;
const DEV_BANNER = 'development mode: no login, this machine only (set KEYCLOAK_URL)';

const boolParam = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));
const listQuery = z.object({
  state: z
    .string()
    .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/)
    .max(200)
    .optional(),
  channel: z
    .string()
    .regex(/^[a-z]{2,20}$/)
    .optional(),
  needsHuman: boolParam,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const journalQuery = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  reveal: boolParam,
});
const dateParam = z.union([
  z.iso.date().transform((d) => Date.parse(`${d}T00:00:00Z`)),
  z.iso.datetime({ offset: true }).transform((d) => Date.parse(d)),
]);
const bookingsQuery = z.object({ from: dateParam, to: dateParam });
const replyBody = z.object({ text: z.string().trim().min(1).max(4096) });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw publicError(
      'bad_request',
      r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '),
    );
  }
  return r.data;
}

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
      banner: deps.auth.mode === 'development' ? DEV_BANNER : null,
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
    const t = await tenantOf(ctx, await who(ctx));
    const q = parse(listQuery, ctx.query);
    ctx.body = await listThreads(db, t.schema, {
      limit: q.limit,
      ...(q.state ? { state: q.state } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.needsHuman !== undefined ? { needsHuman: q.needsHuman } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
  });

  router.get('/api/tenants/:tenant/threads/:thread', async (ctx) => {
    const p = await who(ctx);
    const t = await tenantOf(ctx, p);
    const thread = await threadOf(ctx, t.schema);
    const reveal = parse(journalQuery, ctx.query).reveal === true;
    if (reveal) audit(p, t.slug, thread.threadKey, 'snapshot');
    const { phone, snapshot, ...summary } = thread;
    ctx.body = {
      ...summary,
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
    ctx.body = { timezone: t.timezone, ...(await listBookings(db, t.schema, q.from, q.to)) };
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
  };

  router.post('/api/tenants/:tenant/threads/:thread/takeover', (ctx) =>
    deliver(ctx, 'takeover', (p) => ({ type: 'handoff.start', by: 'operator', name: p.name })),
  );
  router.post('/api/tenants/:tenant/threads/:thread/handback', (ctx) =>
    deliver(ctx, 'handback', () => ({ type: 'handoff.end' })),
  );
  router.post('/api/tenants/:tenant/threads/:thread/reply', async (ctx) => {
    // Authenticate before reading the body.
    await who(ctx);
    const body = await readJson(ctx, replyBody);
    await deliver(ctx, 'reply', (p) => ({
      type: 'operator.message',
      text: body.text,
      by: p.name,
    }));
  });

  function audit(p: Principal, tenant: string, thread: string, what: string): void {
    log.info(
      { tenant, thread, what, operator: p.subject, operatorName: p.name },
      'console pii revealed',
    );
  }
}
