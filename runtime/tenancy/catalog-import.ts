/**
 * Catalog onboarding from a CSV price list, for the CLI (`ratiba catalog import`) and the
 * console's upload: parse and check everything, plan against the tenant's services, and apply
 * the plan in one transaction (with the registry notice that makes every process reload the
 * catalog) — or nothing at all when any line has a problem.
 */
import {
  applyImport,
  loadCurrentCatalog,
  parseCatalogCsv,
  planImport,
  type ImportPlan,
  type ImportProblem,
} from '../../booking';
import {
  isTenantSlug,
  publicError,
  tenantSchema,
  type CatalogImportResult,
  type Queryable,
  type TenantSchema,
} from '../../contract';

export type { CatalogImportResult };
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { mirrorServicesIntoSettings, REGISTRY_CHANNEL } from './tenant-apply';

/** The tenant's schema; a public 404 for a slug that is not a tenant. */
export async function knownTenant(db: Queryable, tenant: string): Promise<TenantSchema> {
  if (!isTenantSlug(tenant)) throw publicError('unknown_tenant', 'no such tenant');
  const known = await db.query('SELECT 1 FROM public.tenants WHERE slug = $1', [tenant]);
  if (known.rows.length === 0)
    throw publicError('unknown_tenant', `no tenant named ${JSON.stringify(tenant)}`);
  return tenantSchema(tenant);
}

export async function importCatalogCsv(
  db: Database,
  tenant: string,
  csv: string,
  options: { dryRun?: boolean; log?: Logger; source?: string } = {},
): Promise<CatalogImportResult> {
  const schema = await knownTenant(db, tenant);
  const dryRun = options.dryRun ?? false;
  const parsed = parseCatalogCsv(csv);
  const plan = planImport(parsed.rows, await loadCurrentCatalog(db, schema));
  const problems = [...parsed.problems, ...plan.problems].sort((a, b) => a.line - b.line);
  const applied = problems.length === 0 && !dryRun;
  if (applied) {
    await db.transaction((tx) => writePlan(tx, tenant, plan));
    options.log?.info(
      { tenant, source: options.source ?? 'cli', ...plan.counts },
      'catalog imported',
    );
  }
  return { tenant, applied, dryRun, ...planView(plan, problems) };
}

/**
 * Writes a checked plan in the caller's transaction, with the registry notice that makes every
 * process reload the catalog: the one way a CSV file or a staged draft changes the catalog.
 */
export async function writePlan(tx: Queryable, tenant: string, plan: ImportPlan): Promise<void> {
  await applyImport(tx, tenantSchema(tenant), plan);
  await mirrorServicesIntoSettings(tx, tenant);
  await tx.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, tenant]);
}

/** A plan as the console and the CLI show it. */
export function planView(
  plan: ImportPlan,
  problems: ImportProblem[],
): Pick<CatalogImportResult, 'problems' | 'counts' | 'services'> {
  return {
    problems,
    counts: plan.counts,
    services: plan.services.map((p) => ({
      line: p.line,
      id: p.values.id,
      name: p.values.name_en,
      action: p.action,
      changes: p.changes,
      priceKesMinor: p.values.price_kes_minor,
      durationMin: p.values.duration_min,
    })),
  };
}

/** The result as lines for a terminal. */
export function describeImport(r: CatalogImportResult): string[] {
  if (r.problems.length > 0) {
    return [
      `catalog of ${r.tenant} NOT changed: ${r.problems.length} problem(s)`,
      ...r.problems.map((p) => `  line ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.message}`),
    ];
  }
  const kes = (minor: number) => `KES ${(minor / 100).toLocaleString('en-KE')}`;
  return [
    ...r.services
      .filter((s) => s.action !== 'unchanged')
      .map(
        (s) =>
          `  ${s.action === 'create' ? 'new    ' : 'changed'} ${s.id}: ${s.name}, ${s.durationMin} min, ${kes(s.priceKesMinor)}` +
          (s.changes.length ? ` (${s.changes.join(', ')})` : ''),
      ),
    `${r.dryRun ? 'would import' : 'imported'} into ${r.tenant}: ${r.counts.create} new, ${r.counts.update} changed, ${r.counts.unchanged} unchanged`,
  ];
}
