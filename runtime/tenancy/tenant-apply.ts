import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { migrateTenantSchema } from '../db/migrate';
import {
  RatibaError,
  ident,
  tenantSchema,
  type Queryable,
  type TenantSchema,
} from '../../contract';
import type { Logger } from '../logger';
import type { TenantFile } from './tenant-file';

export const REGISTRY_CHANNEL = 'ratiba_registry';

export interface ApplyResult {
  slug: string;
  created: boolean;
  migrationsApplied: number;
}

/** What of a tenant file is not secret: kept in `public.tenants.settings`. */
export function tenantSettings(file: TenantFile) {
  const {
    slug: _s,
    name: _n,
    timezone: _t,
    languages: _l,
    channels: _c,
    admins: _a,
    payments,
    ...rest
  } = file;
  return {
    ...rest,
    payments: {
      mpesa: {
        enabled: payments.mpesa.enabled,
        shortcode: payments.mpesa.shortcode ?? null,
        environment: payments.mpesa.environment,
        till: payments.mpesa.till ?? null,
        b2c_shortcode: payments.mpesa.b2c_shortcode ?? null,
        deposit_percent: payments.mpesa.deposit_percent,
      },
      pesapal: {
        enabled: payments.pesapal.enabled,
        environment: payments.pesapal.environment,
        ipn_method: payments.pesapal.ipn_method,
      },
      ...(payments.require ? { require: payments.require } : {}),
      hold_minutes: payments.hold_minutes,
      pay_at_salon: payments.pay_at_salon,
      refund: payments.refund,
    },
    whatsapp: file.channels.whatsapp.map((w) => ({
      phone_number_id: w.phone_number_id,
      messages_per_second: w.messages_per_second,
    })),
  };
}

function tenantSecrets(file: TenantFile) {
  const m = file.payments.mpesa;
  return {
    whatsapp: Object.fromEntries(
      file.channels.whatsapp
        .filter((w) => w.access_token)
        .map((w) => [w.phone_number_id, w.access_token]),
    ),
    instagram: Object.fromEntries(
      file.channels.instagram
        .filter((c) => c.access_token)
        .map((c) => [c.account_id, c.access_token]),
    ),
    messenger: Object.fromEntries(
      file.channels.messenger.filter((c) => c.access_token).map((c) => [c.page_id, c.access_token]),
    ),
    daraja: m.consumer_key
      ? {
          consumer_key: m.consumer_key,
          consumer_secret: m.consumer_secret,
          passkey: m.passkey,
          ...(m.initiator_name && m.security_credential
            ? { initiator_name: m.initiator_name, security_credential: m.security_credential }
            : {}),
        }
      : null,
    pesapal: file.payments.pesapal.consumer_key
      ? {
          consumer_key: file.payments.pesapal.consumer_key,
          consumer_secret: file.payments.pesapal.consumer_secret,
        }
      : null,
  };
}

/**
 * What another part of the system makes of a tenant file, inside the apply transaction (the booking
 * domain syncs its catalog tables: see runtime/tenant-setup.ts). Tenancy knows no domain.
 */
export type TenantApplyHook = (
  tx: Queryable,
  schema: TenantSchema,
  file: TenantFile,
) => Promise<void>;

/**
 * Creates or updates a tenant from its file, idempotently, in one transaction: registry row,
 * channel bindings, admin phones, and the tenant schema (created and migrated).
 */
export async function applyTenant(
  db: Database,
  file: TenantFile,
  log?: Logger,
  hooks: readonly TenantApplyHook[] = [],
): Promise<ApplyResult> {
  const schema = tenantSchema(file.slug);
  const result = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ created: boolean }>(
      `INSERT INTO public.tenants (slug, schema_name, name, timezone, languages, settings, secrets, callback_token)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone,
         languages = EXCLUDED.languages, settings = EXCLUDED.settings, secrets = EXCLUDED.secrets,
         updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [
        file.slug,
        schema,
        file.name,
        file.timezone,
        file.languages,
        JSON.stringify(tenantSettings(file)),
        JSON.stringify(tenantSecrets(file)),
        randomBytes(24).toString('base64url'),
      ],
    );
    const bindings = [
      ...file.channels.whatsapp.map((w) => ['whatsapp', w.phone_number_id]),
      ...file.channels.instagram.map((c) => ['instagram', c.account_id]),
      ...file.channels.messenger.map((c) => ['messenger', c.page_id]),
      ...file.channels.voice.map((v) => ['voice', v.number]),
    ];
    await tx.query('DELETE FROM public.channel_bindings WHERE tenant_slug = $1', [file.slug]);
    if (bindings.length > 0) {
      // A binding owned by another tenant is a conflict the user must resolve: named, not raw.
      const { rows: taken } = await tx.query<{
        channel: string;
        external_id: string;
        tenant_slug: string;
      }>(
        `SELECT b.channel, b.external_id, b.tenant_slug FROM public.channel_bindings b
         JOIN unnest($1::text[], $2::text[]) AS x(c, e) ON b.channel = x.c AND b.external_id = x.e
         WHERE b.tenant_slug <> $3 ORDER BY 1, 2`,
        [bindings.map((b) => b[0]), bindings.map((b) => b[1]), file.slug],
      );
      if (taken.length > 0)
        throw new RatibaError(
          'invalid_tenant_file',
          `tenant ${file.slug}: ${taken
            .map((b) => `${b.channel} ${b.external_id} is bound to tenant "${b.tenant_slug}"`)
            .join('; ')}: remove it from that tenant's file first`,
          { public: true },
        );
      await tx.query(
        `INSERT INTO public.channel_bindings (channel, external_id, tenant_slug)
         SELECT c, e, $3 FROM unnest($1::text[], $2::text[]) AS b(c, e)`,
        [bindings.map((b) => b[0]), bindings.map((b) => b[1]), file.slug],
      );
    }
    await tx.query('DELETE FROM public.admin_phones WHERE tenant_slug = $1', [file.slug]);
    if (file.admins.length > 0) {
      await tx.query(
        'INSERT INTO public.admin_phones (tenant_slug, phone) SELECT $1, unnest($2::text[])',
        [file.slug, file.admins],
      );
    }
    const migrationsApplied = await migrateTenantSchema(tx, file.slug, log);
    for (const hook of hooks) await hook(tx, schema, file);
    // Low-rate change, outside any turn: other processes drop their cached copy of the tenant.
    await tx.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, file.slug]);
    return { slug: file.slug, created: rows[0]?.created ?? false, migrationsApplied };
  });
  log?.info({ tenant: result.slug, created: result.created }, 'tenant applied');
  return result;
}

/**
 * Conversations read the menu from the registry's settings (the tenant file's `services`, as
 * `ratiba tenant apply` wrote them): rewrite it from the services table, in the file's shape.
 */
export async function mirrorServicesIntoSettings(tx: Queryable, tenant: string): Promise<void> {
  const s = ident(tenantSchema(tenant));
  await tx.query(
    `UPDATE public.tenants SET updated_at = now(), settings = jsonb_set(settings, '{services}', (
       SELECT coalesce(jsonb_agg(jsonb_build_object(
         'id', id, 'name', jsonb_strip_nulls(jsonb_build_object('en', name_en, 'sw', name_sw)),
         'category', category, 'duration_min', duration_min, 'buffer_min', buffer_min,
         'price_kes', price_kes_minor / 100.0, 'active', active, 'aliases', to_jsonb(aliases))
         ORDER BY position, id), '[]'::jsonb)
       FROM ${s}.services))
     WHERE slug = $1`,
    [tenant],
  );
}
