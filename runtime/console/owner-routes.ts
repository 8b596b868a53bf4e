import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { listAudit } from '../../booking';
import { firstRow, ident, publicError, type ChannelName } from '../../contract';
import type { Database } from '../db/database';
import { readJson } from '../http/body';
import type { Ingress } from '../mailbox/ingress';
import { tenantNamed, type Tenant, type TenantRegistry } from '../tenancy/tenant-registry';
import { operatorOfTenant, type ConsoleAuth } from './console-auth';

export interface OwnerRoutesDeps {
  db: Database;
  tenants: TenantRegistry;
  ingress: Ingress;
  auth: ConsoleAuth;
}

const chatBody = z.object({
  text: z.string().trim().min(1).max(4096),
  replyId: z.string().max(200).optional(),
  /** Which admin (E.164) the console speaks as; the tenant's first admin when absent. */
  admin: z.string().max(20).optional(),
});
const CHANNELS: readonly ChannelName[] = ['whatsapp', 'instagram', 'messenger', 'sms', 'simulator'];

/**
 * The console's "Owner chat": a message to an owner's admin thread, the same actor the owner's
 * WhatsApp reaches (issue 12), answered with that turn's replies; and the admin audit trail.
 */
export function ownerRoutes(router: Router, deps: OwnerRoutesDeps): void {
  const tenantOf = async (ctx: Context & { params: Record<string, string | undefined> }) =>
    tenantNamed(deps.tenants, (await operatorOfTenant(deps.auth, ctx)).slug);

  const adminOf = (tenant: Tenant, asked: string | undefined) => {
    const admin = asked ?? tenant.admins[0];
    if (!admin || !tenant.admins.includes(admin))
      throw publicError('bad_request', 'that number is not an admin of this tenant');
    return admin;
  };
  /** The admin's thread (the same one their WhatsApp reaches), once it exists. */
  const adminThreadOf = (tenant: Tenant, admin: string) =>
    firstRow<{ thread_key: string; last_channel: string | null }>(
      deps.db,
      `SELECT t.thread_key, t.last_channel FROM ${ident(tenant.schema)}.threads t
       JOIN ${ident(tenant.schema)}.customers c ON t.customer_id = c.id
       WHERE c.phone = $1 AND t.kind = 'admin'`,
      [admin],
    );

  // Which admins the console may speak as, and the chosen one's thread (its journal is the chat).
  router.get('/api/tenants/:tenant/owner-chat', async (ctx) => {
    const tenant = await tenantOf(ctx);
    const asked = typeof ctx.query.admin === 'string' ? ctx.query.admin : undefined;
    if (tenant.admins.length === 0) {
      ctx.body = { admins: [], admin: null, thread: null };
      return;
    }
    const admin = adminOf(tenant, asked);
    const row = await adminThreadOf(tenant, admin);
    ctx.body = { admins: tenant.admins, admin, thread: row?.thread_key ?? null };
  });

  router.post('/api/tenants/:tenant/owner-chat', async (ctx) => {
    const tenant = await tenantOf(ctx);
    const body = await readJson(ctx, chatBody);
    const admin = adminOf(tenant, body.admin);
    // The thread's own channel, so its later messages (escalations, digest) still reach the
    // owner's WhatsApp after a message from the console.
    const row = await adminThreadOf(tenant, admin);
    const channel = CHANNELS.find((c) => c === row?.last_channel) ?? 'simulator';
    const accepted = await deps.ingress.acceptMessage(
      {
        tenant: tenant.slug,
        from: admin,
        channel,
        text: body.text,
        ...(body.replyId ? { replyId: body.replyId } : {}),
        source: 'console',
      },
      { awaitReply: true },
    );
    const done = await accepted.replies;
    ctx.body = {
      thread: accepted.threadKey,
      status: done?.status ?? 'duplicate',
      replies: done?.replies ?? [],
    };
  });

  router.get('/api/tenants/:tenant/admin-audit', async (ctx) => {
    const tenant = await tenantOf(ctx);
    ctx.body = { entries: await listAudit(deps.db, tenant.schema, 200) };
  });
}
