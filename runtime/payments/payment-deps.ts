/** What the payment service works with. */
import type { PaymentProvider } from '../../booking';
import type { Database } from '../db/database';
import type { Faults } from '../faults';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';

export interface PaymentServiceDeps {
  db: Database;
  tenants: TenantRegistry;
  providers: ReadonlyMap<string, PaymentProvider>;
  /** Where this backend is reached from the internet (callback URLs). */
  publicUrl: () => string;
  /** Tells the tenant's owners (their admin threads); at most once per `key`. */
  notifyOwner: (tenant: Tenant, key: string, text: string) => Promise<void>;
  log: Logger;
  metrics: Metrics;
  faults?: Faults;
}
