import {
  firstRow,
  publicError,
  type Queryable,
  queryOne,
  queryRows,
  tenantSchema,
  type TenantSchema,
} from '../../contract';
import type { TenantFile } from './tenant-file';

export type Channel = 'whatsapp' | 'instagram' | 'messenger' | 'voice' | 'sms' | 'simulator';

export interface Tenant {
  slug: string;
  schema: TenantSchema;
  name: string;
  timezone: string;
  languages: string[];
  settings: Partial<
    Omit<TenantFile, 'slug' | 'name' | 'timezone' | 'languages' | 'channels' | 'admins'>
  > &
    Record<string, unknown>;
  callbackToken: string;
  admins: string[];
}

export interface TenantSecrets {
  /** phone_number_id -> access token */
  whatsapp?: Record<string, string>;
  instagram?: Record<string, string>;
  messenger?: Record<string, string>;
  daraja?: { consumer_key?: string; consumer_secret?: string; passkey?: string } | null;
}

interface TenantRow {
  slug: string;
  name: string;
  timezone: string;
  languages: string[];
  settings: Tenant['settings'];
  callback_token: string;
  admins: string[] | null;
}

/** The tenant named `slug`; a public `unknown_tenant` error (404) when there is none. */
export async function tenantNamed(
  tenants: Pick<TenantRegistry, 'get'>,
  slug: string,
): Promise<Tenant> {
  const tenant = await tenants.get(slug);
  if (!tenant) throw publicError('unknown_tenant', `no tenant named ${JSON.stringify(slug)}`);
  return tenant;
}

/**
 * Read-through cache of the tenant registry. Entries are dropped when the registry changes
 * (`invalidate`, driven by the change bus), so a re-applied tenant file takes effect everywhere.
 */
export class TenantRegistry {
  private readonly tenants = new Map<string, Promise<Tenant | undefined>>();
  private readonly bindings = new Map<string, Promise<string | undefined>>();

  constructor(private readonly db: Queryable) {}

  get(slug: string): Promise<Tenant | undefined> {
    let found = this.tenants.get(slug);
    if (!found) {
      found = this.load(slug);
      this.tenants.set(slug, found);
      found.catch(() => this.tenants.delete(slug));
    }
    return found;
  }

  /** The tenant slug bound to a channel's provider-side id, if any. */
  resolve(channel: Channel, externalId: string): Promise<string | undefined> {
    const key = `${channel}\u0000${externalId}`;
    let found = this.bindings.get(key);
    if (!found) {
      found = this.db
        .query<{ tenant_slug: string }>(
          'SELECT tenant_slug FROM public.channel_bindings WHERE channel = $1 AND external_id = $2',
          [channel, externalId],
        )
        .then((r) => r.rows[0]?.tenant_slug);
      this.bindings.set(key, found);
      found.catch(() => this.bindings.delete(key));
    }
    return found;
  }

  /** Provider credentials of a tenant (never part of `Tenant`, so they cannot reach a log). */
  async secrets(slug: string): Promise<TenantSecrets> {
    const found = await firstRow<{ secrets: TenantSecrets }>(
      this.db,
      'SELECT secrets FROM public.tenants WHERE slug = $1',
      [slug],
    );
    return found?.secrets ?? {};
  }

  async list(): Promise<string[]> {
    return queryRows(
      this.db,
      'SELECT slug FROM public.tenants ORDER BY slug',
      [],
      (r: { slug: string }) => r.slug,
    );
  }

  invalidate(slug?: string): void {
    if (slug === undefined) this.tenants.clear();
    else this.tenants.delete(slug);
    this.bindings.clear();
  }

  private load(slug: string): Promise<Tenant | undefined> {
    return queryOne(
      this.db,
      `SELECT t.slug, t.name, t.timezone, t.languages, t.settings, t.callback_token,
              array(SELECT phone FROM public.admin_phones a WHERE a.tenant_slug = t.slug ORDER BY phone) AS admins
       FROM public.tenants t WHERE t.slug = $1`,
      [slug],
      (row: TenantRow) => ({
        slug: row.slug,
        schema: tenantSchema(row.slug),
        name: row.name,
        timezone: row.timezone,
        languages: row.languages,
        settings: row.settings,
        callbackToken: row.callback_token,
        admins: row.admins ?? [],
      }),
    );
  }
}
