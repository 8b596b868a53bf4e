/**
 * The tenant a provider's callback address names: `/webhooks/<provider>/<token>/...` carries the
 * tenant's callback token. Shared by the payment callbacks and Daraja's refund results.
 */
import { firstRow, type Queryable } from '../../contract';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';

const TOKEN = /^[A-Za-z0-9_-]{8,100}$/;

/** The tenant whose callback token this is; undefined for a malformed or unknown token. */
export async function tenantByCallbackToken(
  deps: { db: Queryable; tenants: TenantRegistry },
  token: string,
): Promise<Tenant | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await firstRow<{ slug: string }>(
    deps.db,
    'SELECT slug FROM public.tenants WHERE callback_token = $1',
    [token],
  );
  return row ? deps.tenants.get(row.slug) : undefined;
}
