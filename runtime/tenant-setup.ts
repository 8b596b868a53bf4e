/**
 * Applying a tenant file with everything the system makes of it: the registry and schema
 * (runtime/tenancy) and the booking catalog (booking/, through the tenant-apply hook). What
 * `ratiba tenant apply`, the embedded demo tenant and the tests run.
 */
import { applyCatalog, commissionRulesHook } from '../booking';
import type { Database } from './db/database';
import type { Logger } from './logger';
import { applyTenant, type ApplyResult, type TenantApplyHook } from './tenancy/tenant-apply';
import type { TenantFile } from './tenancy/tenant-file';

export const TENANT_APPLY_HOOKS: readonly TenantApplyHook[] = [applyCatalog, commissionRulesHook];

export function setUpTenant(db: Database, file: TenantFile, log?: Logger): Promise<ApplyResult> {
  return applyTenant(db, file, log, TENANT_APPLY_HOOKS);
}
