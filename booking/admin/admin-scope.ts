import type { Transactional as Database } from '../../contract';
import type { TenantSchema } from '../../contract';
import { bookingPolicy, bookingWindow, loadCatalog } from '../catalog-repo';
import type { AppointmentScope } from '../appointments';
import type { Catalog } from '../types';

/** Where an admin action runs and who does it. */
export interface AdminScope {
  db: Database;
  schema: TenantSchema;
  tenant: { slug: string; name: string; timezone: string; settings: Record<string, unknown> };
  /** When the action is carried out, epoch ms. */
  now: number;
  adminThread: string;
  /** The admin's phone (E.164), for the audit. */
  adminPhone: string | null;
}

/** The catalog as it is now (blocks included), fresh: an admin change must see the last one. */
export function freshCatalog(scope: AdminScope): Promise<Catalog> {
  const window = bookingWindow(bookingPolicy(scope.tenant.settings), scope.now);
  return loadCatalog(scope.db, scope.schema, scope.tenant, window);
}

/** The booking domain's scope for acting on any appointment, as the owner. */
export async function ownerScope(scope: AdminScope): Promise<AppointmentScope> {
  return {
    db: scope.db,
    schema: scope.schema,
    catalog: await freshCatalog(scope),
    customerId: null,
    now: scope.now,
  };
}

export const audit = (scope: Pick<AdminScope, 'adminPhone' | 'adminThread'>) => ({
  adminPhone: scope.adminPhone,
  threadKey: scope.adminThread,
});
