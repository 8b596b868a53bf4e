/**
 * Daraja's asynchronous answers to a reversal or a B2C refund: the Result at `<callback>/reversal`
 * (`/b2c`) and the queue timeout at `<callback>/reversal-timeout` (`/b2c-timeout`). A success marks the refund done; a failure or a timeout
 * turns it into the owner's refund task. Only a submitted refund changes (a replay is a no-op);
 * anything unknown is acknowledged and logged, never an error the provider retries forever.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import { refundByProviderRef, type RefundRecord } from '../../booking';
import type { Database } from '../db/database';
import { readRawBody } from '../http/body';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';
import { tenantByCallbackToken } from './callback-tenant';
import { finishRefund } from './refund-tracking';

export interface RefundResultDeps {
  db: Database;
  tenants: TenantRegistry;
  notifyOwner: (tenant: Tenant, key: string, text: string) => Promise<void>;
  log: Logger;
  metrics: Metrics;
}

/** Daraja's Result envelope (reversal, B2C): `{ Result: { ResultCode, ConversationID, ... } }`. */
const resultSchema = z.object({
  Result: z.object({
    ResultType: z.union([z.number(), z.string()]).optional(),
    ResultCode: z.union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+$/)
        .transform(Number),
    ]),
    ResultDesc: z.string().max(500).default(''),
    OriginatorConversationID: z.string().optional(),
    ConversationID: z.string().min(1).max(100),
    TransactionID: z.string().optional(),
  }),
});

export function refundResultRoutes(router: Router, deps: RefundResultDeps): void {
  for (const [path, timeout] of [
    ['reversal', false],
    ['reversal-timeout', true],
    ['b2c', false],
    ['b2c-timeout', true],
  ] as const) {
    router.post(`/webhooks/daraja/:token/${path}`, async (ctx) => {
      const raw = (await readRawBody(ctx, 64 * 1024)).toString('utf8');
      const token = ctx.params.token ?? '';
      const tenant = await tenantByCallbackToken(deps, token);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const parsed = resultSchema.safeParse(json);
      if (!tenant || !parsed.success) {
        deps.log.warn({ tenant: tenant?.slug ?? null, path }, 'refund result not understood');
        ctx.status = tenant ? 400 : 404;
        ctx.body = { error: tenant ? 'bad_request' : 'not_found', message: 'not a refund result' };
        return;
      }
      const r = parsed.data.Result;
      // A reversal is known by Daraja's ConversationID, a B2C payment by our originator id.
      const ids = [r.ConversationID, r.OriginatorConversationID].filter((x) => x !== undefined);
      await settle(deps, tenant, ids, timeout ? -1 : r.ResultCode, r.ResultDesc);
      ctx.status = 200;
      ctx.body = { ResultCode: 0, ResultDesc: 'Accepted' };
    });
  }
}

async function settle(
  deps: RefundResultDeps,
  tenant: Tenant,
  ids: string[],
  code: number,
  desc: string,
): Promise<void> {
  let refund: RefundRecord | undefined;
  for (const id of ids) refund ??= await refundByProviderRef(deps.db, tenant.schema, id);
  if (!refund) {
    deps.log.warn({ tenant: tenant.slug }, 'refund result for an unknown refund');
    return;
  }
  const why =
    code === -1 ? 'M-Pesa did not answer the refund in time' : `M-Pesa refused the refund: ${desc}`;
  await finishRefund(
    deps,
    tenant,
    refund,
    code === 0 ? { status: 'done' } : { status: 'manual', why },
  );
}
