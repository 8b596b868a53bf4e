import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { tenantFileSchema, type TenantFile } from '../../runtime/tenancy/tenant-file';
import { formatError, REPO_ROOT, type LoadedScenario } from './scenario-loader';
import { withFakeCredentials } from './scenario-payments';

/**
 * Each scenario runs against a tenant of its own, built from its tenant file plus overrides:
 * its own schema, so appointments of one scenario never fill another's calendar. Channel
 * bindings are dropped (they are unique across tenants and no scenario uses a provider). A
 * tenant that turns M-Pesa or cards on gets the credentials of the runner's fake providers.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else (arrays included) replaces. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObj(base) || !isObj(patch)) return patch;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

/** `{ 'payments.mpesa.enabled': true }` -> `{ payments: { mpesa: { enabled: true } } }`. */
export function expandDotted(overrides: Obj): Obj {
  let out: Obj = {};
  for (const [key, value] of Object.entries(overrides)) {
    const nested = key
      .split('.')
      .reverse()
      .reduce<unknown>((v, k) => ({ [k]: v }), isObj(value) ? expandDotted(value) : value);
    out = deepMerge(out, nested) as Obj;
  }
  return out;
}

/** A valid, unique slug: `sc_` + the file's name, shortened, + a hash of its path. */
export function scenarioSlug(file: string): string {
  const base = file
    .replace(/^scenarios[\\/]/, '')
    .replace(/\.ya?ml$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 26)
    .replace(/_+$/, '');
  const hash = createHash('sha256').update(file).digest('hex').slice(0, 6);
  return `sc_${base}_${hash}`;
}

export async function scenarioTenant(loaded: LoadedScenario): Promise<TenantFile> {
  const { file, scenario } = loaded;
  const path = resolve(REPO_ROOT, scenario.tenant.file);
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (err) {
    throw formatError(
      file,
      `tenant.file: cannot read ${scenario.tenant.file}: ${(err as Error).message}`,
    );
  }
  const merged = withFakeCredentials(
    deepMerge(raw, expandDotted(scenario.tenant.overrides)) as Obj,
  );
  const admins = scenario.admins?.map((n) => loaded.customers.find((c) => c.name === n)!.phone);
  const doc = {
    ...merged,
    ...(admins ? { admins } : {}),
    slug: scenarioSlug(file),
    channels: {},
  };
  const parsed = tenantFileSchema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw formatError(
      file,
      `the tenant (${scenario.tenant.file} + tenant.overrides) is invalid:\n${lines.join('\n')}`,
    );
  }
  return parsed.data;
}
