import type { Database } from '../db/database';
import { CustomerDirectory } from '../stores/customers';
import type { Tenant } from '../tenancy/tenant-registry';
import { threadKeyFor } from './thread-key';

/** The admin threads of a tenant: one per admin phone in the registry. */
export class AdminThreads {
  private readonly customers: CustomerDirectory;
  constructor(db: Database) {
    this.customers = new CustomerDirectory(db, { maxBatch: 64, concurrency: 1 }, 10_000);
  }

  async threadsOf(tenant: Tenant): Promise<{ threadKey: string; customerId: number }[]> {
    return Promise.all(
      tenant.admins.map(async (phone) => {
        const id = await this.customers.resolve(tenant.schema, phone, 'whatsapp');
        return { threadKey: threadKeyFor('admin', id), customerId: id };
      }),
    );
  }
}
