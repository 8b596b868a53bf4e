import { RatibaError } from './errors';

const SLUG = /^[a-z0-9_]{1,40}$/;
const SCHEMA = /^t_[a-z0-9_]{1,40}$/;

/** A validated tenant schema name; only `tenantSchema()` makes one. */
export type TenantSchema = string & { readonly __brand: 'TenantSchema' };

export function isTenantSlug(slug: string): boolean {
  return SLUG.test(slug);
}

export function tenantSchema(slug: string): TenantSchema {
  const name = `t_${slug}`;
  if (!SLUG.test(slug) || !SCHEMA.test(name)) {
    throw new RatibaError(
      'invalid_schema_name',
      `tenant slug must match ${SLUG.source}, got ${JSON.stringify(slug)}`,
      { public: true },
    );
  }
  return name as TenantSchema;
}

/** The one quoting helper for identifiers. Schema names are validated before they get here. */
export function ident(name: TenantSchema | 'public'): string {
  if (name !== 'public' && !SCHEMA.test(name)) {
    throw new RatibaError('invalid_schema_name', `invalid schema name ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}
