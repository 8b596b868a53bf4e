/**
 * Applying a checked price list (catalog-csv.ts) to a tenant's services: a plan first (what is
 * new, what changes, what is the same, and every problem by line), then the whole plan in the
 * caller's transaction. Services the file does not name are left as they are; a service is
 * matched by id, or else by its English name, so importing the same list twice changes nothing.
 */
import { ident, type Queryable, type TenantSchema } from '../contract';
import type { ImportProblem, ImportRow } from './catalog-csv';

export interface ServiceValues {
  id: string;
  name_en: string;
  name_sw: string | null;
  category: string;
  duration_min: number;
  buffer_min: number;
  price_kes_minor: number;
  aliases: string[];
  active: boolean;
}

export interface CurrentCatalog {
  services: (ServiceValues & { staff: string[] })[];
  staff: { id: string; active: boolean }[];
}

export interface PlannedService {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  /** Fields that differ from the service as it is (empty for create and unchanged). */
  changes: string[];
  values: ServiceValues;
  /** Staff offering it after the import; undefined: left as it is. */
  staff: string[] | undefined;
}

export interface ImportPlan {
  services: PlannedService[];
  problems: ImportProblem[];
  counts: { create: number; update: number; unchanged: number };
}

export async function loadCurrentCatalog(
  db: Queryable,
  schema: TenantSchema,
): Promise<CurrentCatalog> {
  const s = ident(schema);
  const [services, staff] = await Promise.all([
    db.query<ServiceValues & { price_kes_minor: string | number; staff: string[] }>(
      `SELECT sv.id, sv.name_en, sv.name_sw, sv.category, sv.duration_min, sv.buffer_min,
         sv.price_kes_minor, sv.aliases, sv.active,
         coalesce(array_agg(ss.staff_id ORDER BY ss.staff_id) FILTER (WHERE ss.staff_id IS NOT NULL), '{}') AS staff
       FROM ${s}.services sv LEFT JOIN ${s}.staff_services ss ON ss.service_id = sv.id
       GROUP BY sv.id ORDER BY sv.position, sv.id`,
    ),
    db.query<{ id: string; active: boolean }>(
      `SELECT id, active FROM ${s}.staff ORDER BY position, id`,
    ),
  ]);
  return {
    services: services.rows.map((r) => ({ ...r, price_kes_minor: Number(r.price_kes_minor) })),
    staff: staff.rows,
  };
}

/** "Braids (long)" -> "braids-long". */
export function serviceIdFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36)
    .replace(/-+$/, '');
  return slug || 'service';
}

const FIELDS: (keyof ServiceValues)[] = [
  'name_en',
  'name_sw',
  'category',
  'duration_min',
  'buffer_min',
  'price_kes_minor',
  'aliases',
  'active',
];

function resolveId(row: ImportRow, current: CurrentCatalog, taken: Set<string>): string {
  if (row.id) return row.id;
  const byName = current.services.find(
    (s) => s.name_en.trim().toLowerCase() === row.nameEn.toLowerCase(),
  );
  if (byName) return byName.id;
  const base = serviceIdFor(row.nameEn);
  let id = base;
  for (let n = 2; taken.has(id) || current.services.some((s) => s.id === id); n++)
    id = `${base}-${n}`;
  return id;
}

function valuesOf(row: ImportRow, id: string, was: ServiceValues | undefined): ServiceValues {
  return {
    id,
    name_en: row.nameEn,
    name_sw: row.nameSw ?? was?.name_sw ?? null,
    category: row.category ?? was?.category ?? 'general',
    duration_min: row.durationMin,
    buffer_min: row.bufferMin ?? was?.buffer_min ?? 0,
    price_kes_minor: row.priceKesMinor,
    aliases: row.aliases ?? was?.aliases ?? [],
    active: row.active ?? was?.active ?? true,
  };
}

/** What importing `rows` would do to `current` (pure: no I/O). */
export function planImport(rows: ImportRow[], current: CurrentCatalog): ImportPlan {
  const problems: ImportProblem[] = [];
  const services: PlannedService[] = [];
  const seen = new Map<string, number>();
  const activeStaff = current.staff.filter((s) => s.active).map((s) => s.id);
  for (const row of rows) {
    const id = resolveId(row, current, new Set(seen.keys()));
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({
        line: row.line,
        column: 'id',
        message: `service ${id} is already on line ${first}`,
      });
      continue;
    }
    seen.set(id, row.line);
    const unknown = (row.staff ?? []).filter((st) => !activeStaff.includes(st));
    if (unknown.length > 0) {
      problems.push({
        line: row.line,
        column: 'staff',
        message: `no active staff member ${unknown.join(', ')}`,
      });
      continue;
    }
    const was = current.services.find((s) => s.id === id);
    const values = valuesOf(row, id, was);
    const staff = row.staff ?? (was ? undefined : activeStaff);
    const changes: string[] = was
      ? FIELDS.filter((f) => JSON.stringify(values[f]) !== JSON.stringify(was[f]))
      : [];
    if (was && staff && JSON.stringify([...staff].sort()) !== JSON.stringify(was.staff))
      changes.push('staff');
    const action = !was ? 'create' : changes.length > 0 ? 'update' : 'unchanged';
    services.push({ line: row.line, action, changes, values, staff });
  }
  const count = (a: PlannedService['action']) => services.filter((s) => s.action === a).length;
  return {
    services,
    problems,
    counts: { create: count('create'), update: count('update'), unchanged: count('unchanged') },
  };
}

/** Writes the plan (run it inside a transaction; refuse plans with problems before). */
export async function applyImport(
  tx: Queryable,
  schema: TenantSchema,
  plan: ImportPlan,
): Promise<void> {
  const s = ident(schema);
  const changed = plan.services.filter((p) => p.action !== 'unchanged');
  if (changed.length === 0) return;
  await tx.query(
    `INSERT INTO ${s}.services AS t (id, name_en, name_sw, category, duration_min, buffer_min,
       price_kes_minor, aliases, active, position)
     SELECT x.id, x.name_en, x.name_sw, x.category, x.duration_min, x.buffer_min, x.price_kes_minor,
       x.aliases, x.active, (SELECT coalesce(max(position), -1) FROM ${s}.services) + x.ord
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, name_en text, name_sw text,
       category text, duration_min integer, buffer_min integer, price_kes_minor bigint,
       aliases text[], active boolean, ord bigint)
     ON CONFLICT (id) DO UPDATE SET name_en = EXCLUDED.name_en, name_sw = EXCLUDED.name_sw,
       category = EXCLUDED.category, duration_min = EXCLUDED.duration_min,
       buffer_min = EXCLUDED.buffer_min, price_kes_minor = EXCLUDED.price_kes_minor,
       aliases = EXCLUDED.aliases, active = EXCLUDED.active, updated_at = now()`,
    [JSON.stringify(changed.map((p, i) => ({ ...p.values, ord: i + 1 })))],
  );
  const withStaff = changed.filter((p) => p.staff !== undefined);
  if (withStaff.length === 0) return;
  await tx.query(`DELETE FROM ${s}.staff_services WHERE service_id = ANY ($1::text[])`, [
    withStaff.map((p) => p.values.id),
  ]);
  const pairs = withStaff.flatMap((p) =>
    [...new Set(p.staff)].map((st) => [st, p.values.id] as const),
  );
  await tx.query(
    `INSERT INTO ${s}.staff_services (staff_id, service_id) SELECT * FROM unnest($1::text[], $2::text[])`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}
