import { CATALOG_COMMAND_TYPES, type AdminCallKinds, type AdminCommand } from '../../contract';
import {
  adminApply,
  adminCustomer,
  adminPreview,
  adminQuery,
  digestFor,
  writeAudit,
  type AdminScope,
} from '../../booking';
import type { Database } from '../db/database';
import { ident } from '../../contract';
import type { EffectContext, EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import { customerIdOf } from '../supervisor/thread-key';

/** The changes after which the tenant's caches (menu, catalog) are dropped. */
const CATALOG_CHANGES = new Set<AdminCommand['type']>([
  ...CATALOG_COMMAND_TYPES,
  'assign_services',
]);

export interface AdminHandlerDeps {
  db: Database;
  log: Logger;
  /** After a catalog change: drop this tenant's caches here and tell the other processes. */
  tenantChanged: (slug: string) => Promise<void>;
}

/**
 * The admin thread's calls (`AdminCallKinds`) as outbox effect handlers. Each runs as the
 * owner of the thread's phone (for the audit) against the tenant's schema; `admin.apply` is
 * idempotent by the effect's key (a re-run returns the first run's result).
 */
export function adminHandlers(deps: AdminHandlerDeps): Record<string, EffectHandler> {
  const { db } = deps;
  const scopeOf = async (ctx: EffectContext): Promise<AdminScope> => {
    const id = customerIdOf(ctx.threadKey);
    const phone =
      id === null
        ? null
        : ((
            await db.query<{ phone: string | null }>(
              `SELECT phone FROM ${ident(ctx.tenant.schema)}.customers WHERE id = $1`,
              [id],
            )
          ).rows[0]?.phone ?? null);
    return {
      db,
      schema: ctx.tenant.schema,
      tenant: ctx.tenant,
      now: ctx.now,
      adminThread: ctx.threadKey,
      adminPhone: phone,
    };
  };
  const handler = (
    run: (p: Record<string, unknown>, ctx: EffectContext) => Promise<unknown>,
  ): EffectHandler => ({
    answers: true,
    run,
  });
  return {
    'admin.query': handler(async (p, ctx) =>
      adminQuery(await scopeOf(ctx), p.command as AdminCommand),
    ),
    'admin.preview': handler(async (p, ctx) =>
      adminPreview(await scopeOf(ctx), p.command as AdminCommand),
    ),
    'admin.apply': handler(async (p, ctx) => {
      const s = ident(ctx.tenant.schema);
      const done = await db.query<{ result: unknown }>(
        `SELECT result FROM ${s}.admin_applied WHERE idempotency_key = $1`,
        [ctx.idempotencyKey],
      );
      if (done.rows[0]) return done.rows[0].result;
      const payload = p as unknown as AdminCallKinds['admin.apply']['payload'];
      const result = await adminApply(await scopeOf(ctx), payload);
      await db.query(
        `INSERT INTO ${s}.admin_applied (idempotency_key, result) VALUES ($1, $2::jsonb)
         ON CONFLICT DO NOTHING`,
        [ctx.idempotencyKey, JSON.stringify(result)],
      );
      if (result.ok && CATALOG_CHANGES.has(payload.command.type)) {
        await deps.tenantChanged(ctx.tenant.slug);
        deps.log.info(
          { tenant: ctx.tenant.slug, action: payload.command.type },
          'catalog changed by an admin',
        );
      }
      return result;
    }),
    'admin.customer': handler(async (p, ctx) =>
      adminCustomer(await scopeOf(ctx), String(p.threadKey)),
    ),
    'admin.audit': {
      // Answers (an empty result the thread ignores) so a chain awaiting replies can close.
      answers: true,
      run: async (p, ctx) => {
        const scope = await scopeOf(ctx);
        await writeAudit(db, ctx.tenant.schema, {
          adminPhone: scope.adminPhone,
          threadKey: ctx.threadKey,
          action: String(p.action).slice(0, 40),
          target: typeof p.target === 'string' ? p.target.slice(0, 200) : null,
          before: null,
          after: null,
        });
        return {};
      },
    },
    'admin.digest': handler(async (_p, ctx) => digestFor(await scopeOf(ctx))),
  };
}
