import type { Database } from '../db/database';
import { CustomerCache } from '../mailbox/customers';
import type { Tenant } from '../tenancy/tenant-registry';
import { threadKeyFor } from './thread-key';

/** The admin threads of a tenant: one per admin phone in the registry. */
export class AdminThreads {
  private readonly customers = new CustomerCache(10_000);
  constructor(private readonly db: Database) {}

  async threadsOf(tenant: Tenant): Promise<{ threadKey: string; customerId: number }[]> {
    return Promise.all(
      tenant.admins.map(async (phone) => {
        const id = await this.customers.resolve(
          this.db,
          tenant.slug,
          tenant.schema,
          phone,
          'whatsapp',
        );
        return { threadKey: threadKeyFor('admin', id), customerId: id };
      }),
    );
  }
}
