/**
 * The owner's catalog changes: a service's price or duration, pausing or resuming a service,
 * adding a service or a staff member, adding a knowledge snippet. The catalog tables and the
 * tenant's settings (which the conversation reads its menu from) change in one transaction,
 * with the audit row; the caller then drops the tenant's caches so the next customer sees it.
 * A later `ratiba tenant apply` of the tenant file is declarative and wins (README "Owners").
 */
import { CATALOG_COMMAND_TYPES, type AdminCommand, type CatalogCommand } from '../../contract';
import { ident, type Queryable, queryOne } from '../../contract';
import { audit, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';

const CATALOG_TYPES = new Set<AdminCommand['type']>(CATALOG_COMMAND_TYPES);

export function isCatalogCommand(c: AdminCommand): c is CatalogCommand {
  return CATALOG_TYPES.has(c.type);
}

interface ServiceRow {
  id: string;
  name_en: string;
  price_kes_minor: string;
  duration_min: number;
  active: boolean;
}

export async function serviceRow(q: Queryable, scope: AdminScope, id: string) {
  return queryOne(
    q,
    `SELECT id, name_en, price_kes_minor, duration_min, active FROM ${ident(scope.schema)}.services WHERE id = $1`,
    [id],
    (r: ServiceRow) => ({
      id: r.id,
      name: r.name_en,
      priceKesMinor: Number(r.price_kes_minor),
      durationMin: r.duration_min,
      active: r.active,
    }),
  );
}

/** Patches one element (by id) of `settings.<list>` of the tenant, or appends one. */
export async function patchSettings(
  q: Queryable,
  slug: string,
  list: 'services' | 'staff',
  id: string,
  patch: Record<string, unknown>,
  append = false,
): Promise<void> {
  if (append) {
    await q.query(
      `UPDATE public.tenants SET settings = jsonb_set(settings, ARRAY[$2::text],
         COALESCE(settings -> $2, '[]'::jsonb) || jsonb_build_array($3::jsonb)), updated_at = now()
       WHERE slug = $1`,
      [slug, list, JSON.stringify({ id, ...patch })],
    );
    return;
  }
  await q.query(
    `UPDATE public.tenants SET settings = jsonb_set(settings, ARRAY[$2::text], COALESCE((
         SELECT jsonb_agg(CASE WHEN e ->> 'id' = $3 THEN e || $4::jsonb ELSE e END ORDER BY i)
         FROM jsonb_array_elements(settings -> $2) WITH ORDINALITY AS x(e, i)), '[]'::jsonb)),
       updated_at = now()
     WHERE slug = $1 AND jsonb_typeof(settings -> $2) = 'array'`,
    [slug, list, id, JSON.stringify(patch)],
  );
}

/** A catalog id from a display name: "Dread locks!" -> "dread-locks". */
export function idFrom(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36);
  return base || 'item';
}

async function freeId(q: Queryable, scope: AdminScope, table: 'services' | 'staff', name: string) {
  const base = idFrom(name);
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM ${ident(scope.schema)}.${table} WHERE id = $1 OR id LIKE $1 || '-%'`,
    [base],
  );
  const taken = new Set(rows.map((r) => r.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The value before the change, one line (shown in the confirmation). */
export async function catalogBefore(
  scope: AdminScope,
  c: CatalogCommand,
): Promise<string | undefined> {
  if (c.type === 'add_service' || c.type === 'add_staff' || c.type === 'add_knowledge')
    return undefined;
  const svc = await serviceRow(scope.db, scope, c.serviceId);
  if (!svc) return undefined;
  if (c.type === 'set_price') return String(svc.priceKesMinor);
  if (c.type === 'set_duration') return String(svc.durationMin);
  return svc.active ? 'active' : 'paused';
}

type ServiceChange = Extract<
  CatalogCommand,
  { type: 'set_price' | 'set_duration' | 'pause_service' | 'resume_service' }
>;

/** The column a service change sets, and the same in the tenant file's terms. */
function serviceUpdate(c: ServiceChange): { column: string; value: unknown; patch: object } {
  if (c.type === 'set_price')
    return {
      column: 'price_kes_minor',
      value: c.priceKesMinor,
      patch: { price_kes: c.priceKesMinor / 100 },
    };
  if (c.type === 'set_duration')
    return { column: 'duration_min', value: c.durationMin, patch: { duration_min: c.durationMin } };
  const active = c.type === 'resume_service';
  return { column: 'active', value: active, patch: { active } };
}

async function changeService(tx: Queryable, scope: AdminScope, c: ServiceChange) {
  const before = await serviceRow(tx, scope, c.serviceId);
  const u = serviceUpdate(c);
  // `column` is one of three literals above, never input.
  await tx.query(
    `UPDATE ${ident(scope.schema)}.services SET ${u.column} = $2, updated_at = now() WHERE id = $1`,
    [c.serviceId, u.value],
  );
  await patchSettings(tx, scope.tenant.slug, 'services', c.serviceId, { ...u.patch });
  return { target: c.serviceId, before };
}

async function addItem(
  tx: Queryable,
  scope: AdminScope,
  c: Extract<CatalogCommand, { type: 'add_service' | 'add_staff' | 'add_knowledge' }>,
): Promise<string> {
  const s = ident(scope.schema);
  const slug = scope.tenant.slug;
  if (c.type === 'add_service') {
    const id = await freeId(tx, scope, 'services', c.name);
    await tx.query(
      `INSERT INTO ${s}.services (id, name_en, duration_min, price_kes_minor, position)
       VALUES ($1, $2, $3, $4, 1000)`,
      [id, c.name, c.durationMin, c.priceKesMinor],
    );
    const entry = {
      name: { en: c.name },
      category: 'general',
      duration_min: c.durationMin,
      buffer_min: 0,
      price_kes: c.priceKesMinor / 100,
      active: true,
      aliases: [],
    };
    await patchSettings(tx, slug, 'services', id, entry, true);
    return id;
  }
  if (c.type === 'add_staff') {
    const id = await freeId(tx, scope, 'staff', c.name);
    await tx.query(`INSERT INTO ${s}.staff (id, name, position) VALUES ($1, $2, 1000)`, [
      id,
      c.name,
    ]);
    await patchSettings(tx, slug, 'staff', id, { name: c.name, services: [] }, true);
    return id;
  }
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ${s}.knowledge (question, answer, language, tags, source)
     VALUES ($1, $2, $3, $4, 'admin') RETURNING id`,
    [
      c.text.slice(0, 120),
      c.text,
      /\b(ya|kwa|na|kuna|tuna|wa)\b/i.test(c.text) ? 'sw' : 'en',
      keywords(c.text),
    ],
  );
  return `knowledge:${rows[0]!.id}`;
}

export async function applyCatalog(scope: AdminScope, c: CatalogCommand): Promise<string> {
  return scope.db.transaction(async (tx) => {
    const { target, before } =
      c.type === 'add_service' || c.type === 'add_staff' || c.type === 'add_knowledge'
        ? { target: await addItem(tx, scope, c), before: null }
        : await changeService(tx, scope, c);
    await writeAudit(tx, scope.schema, {
      ...audit(scope),
      action: c.type,
      target,
      before,
      after: c,
    });
    return target;
  });
}

/** Tags a snippet is found by: its content words. */
function keywords(text: string): string[] {
  const stop = new Set(
    'we have the a an is are at in on of to and our you your for with behind kuna tuna ya wa na kwa'.split(
      ' ',
    ),
  );
  return [...new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? [])]
    .filter((w) => !stop.has(w))
    .slice(0, 8);
}
