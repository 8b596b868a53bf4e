/** Reads a tenant's catalog (see catalog-store.ts for how it gets there). */
import { ident, type Language, type Queryable, queryRows, type TenantSchema } from '../contract';
import {
  DEFAULT_BOOKING_POLICY,
  WEEKDAYS,
  type Block,
  type BookingPolicy,
  type Catalog,
  type CatalogService,
  type CatalogStaff,
  type KnowledgeSnippet,
  type WeekHours,
} from './types';
import type { ServiceValues } from './catalog-import';
import { DAY_MS, parseMinutes } from './wall-clock';
import { loadExtraHours } from './extra-hours';

/** What loading a catalog needs of a tenant (a `Tenant` from the registry will do). */
export interface CatalogTenant {
  timezone: string;
  settings: Record<string, unknown>;
}

/** Blocks are loaded for [fromMs, toMs). */
export interface CatalogWindow {
  fromMs: number;
  toMs: number;
}

const POLICY_KEYS: Record<keyof BookingPolicy, string> = {
  leadTimeMin: 'lead_time_min',
  horizonDays: 'horizon_days',
  cancelCutoffMin: 'cancel_cutoff_min',
  rescheduleCutoffMin: 'reschedule_cutoff_min',
  slotStepMin: 'slot_step_min',
};

/** The booking policy of a tenant's settings (`policy` of the tenant file), with defaults. */
export function bookingPolicy(settings: Record<string, unknown>): BookingPolicy {
  const raw = (settings.policy ?? {}) as Record<string, unknown>;
  const policy = { ...DEFAULT_BOOKING_POLICY };
  for (const key of Object.keys(POLICY_KEYS) as (keyof BookingPolicy)[]) {
    const v = raw[POLICY_KEYS[key]];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) policy[key] = v;
  }
  policy.slotStepMin = Math.max(5, policy.slotStepMin);
  policy.horizonDays = Math.max(1, policy.horizonDays);
  return policy;
}

/** The window a booking decision at `now` looks at: yesterday to a day past the horizon. */
export function bookingWindow(policy: BookingPolicy, now: number): CatalogWindow {
  return { fromMs: now - DAY_MS, toMs: now + (policy.horizonDays + 2) * DAY_MS };
}

interface HoursRow {
  weekday: number;
  open_at: string;
  close_at: string;
}

function weekHours(rows: HoursRow[]): WeekHours {
  const hours: WeekHours = {};
  for (const r of rows) {
    const day = WEEKDAYS[r.weekday - 1];
    if (!day) continue;
    (hours[day] ??= []).push({
      openMin: parseMinutes(r.open_at),
      closeMin: parseMinutes(r.close_at),
    });
  }
  return hours;
}

async function loadServices(q: Queryable, s: string): Promise<CatalogService[]> {
  return queryRows(
    q,
    `SELECT id, name_en, name_sw, category, duration_min, buffer_min, price_kes_minor, aliases, active
     FROM ${s}.services ORDER BY active DESC, position, id`,
    [],
    (r: ServiceValues) => ({
      id: r.id,
      nameEn: r.name_en,
      nameSw: r.name_sw,
      category: r.category,
      durationMin: r.duration_min,
      bufferMin: r.buffer_min,
      priceKesMinor: r.price_kes_minor,
      aliases: r.aliases,
      active: r.active,
    }),
  );
}

async function loadStaff(q: Queryable, s: string): Promise<CatalogStaff[]> {
  const [staff, hours] = await Promise.all([
    q.query<{
      id: string;
      name: string;
      active: boolean;
      custom_hours: boolean;
      services: string[];
    }>(
      `SELECT st.id, st.name, st.active, st.custom_hours,
         array(SELECT ss.service_id FROM ${s}.staff_services ss
               WHERE ss.staff_id = st.id ORDER BY ss.service_id) AS services
       FROM ${s}.staff st ORDER BY st.active DESC, st.position, st.id`,
    ),
    q.query<HoursRow & { staff_id: string }>(
      `SELECT staff_id, weekday, open_at::text, close_at::text FROM ${s}.staff_hours
       ORDER BY staff_id, weekday, open_at`,
    ),
  ]);
  return staff.rows.map((r) => ({
    id: r.id,
    name: r.name,
    active: r.active,
    serviceIds: r.services,
    hours: r.custom_hours ? weekHours(hours.rows.filter((h) => h.staff_id === r.id)) : null,
  }));
}

interface BlockRow {
  id: number;
  staff_id: string | null;
  start_at: Date;
  end_at: Date;
  reason: string | null;
  source: 'file' | 'admin';
}

async function loadBlocks(q: Queryable, s: string, window: CatalogWindow): Promise<Block[]> {
  return queryRows(
    q,
    `SELECT id, staff_id, start_at, end_at, reason, source FROM ${s}.blocks
     WHERE end_at > $1 AND start_at < $2 ORDER BY start_at, id`,
    [new Date(window.fromMs), new Date(window.toMs)],
    (r: BlockRow) => ({
      id: r.id,
      staffId: r.staff_id,
      startMs: r.start_at.getTime(),
      endMs: r.end_at.getTime(),
      reason: r.reason,
      source: r.source,
    }),
  );
}

/** The parts of a catalog only `ratiba tenant apply` changes. */
type FixedCatalog = Pick<Catalog, 'services' | 'staff' | 'hours' | 'holidays'>;

async function loadFixed(q: Queryable, s: string): Promise<FixedCatalog> {
  const [services, staff, hours, holidays] = await Promise.all([
    loadServices(q, s),
    loadStaff(q, s),
    q.query<HoursRow>(
      `SELECT weekday, open_at::text, close_at::text FROM ${s}.business_hours ORDER BY weekday, open_at`,
    ),
    q.query<{ day: string; name: string | null }>(
      `SELECT day::text, name FROM ${s}.holidays ORDER BY day`,
    ),
  ]);
  return {
    services,
    staff,
    hours: weekHours(hours.rows),
    holidays: holidays.rows.map((h) => ({ date: h.day, name: h.name })),
  };
}

/**
 * The catalog of `fixed` (being read) and the blocks and extra hours overlapping `window`, read
 * alongside (they change all day).
 */
async function withBlocks(
  q: Queryable,
  schema: TenantSchema,
  tenant: CatalogTenant,
  window: CatalogWindow,
  fixed: Promise<FixedCatalog>,
): Promise<Catalog> {
  const [f, blocks, extraHours] = await Promise.all([
    fixed,
    loadBlocks(q, ident(schema), window),
    loadExtraHours(q, schema, window),
  ]);
  const policy = bookingPolicy(tenant.settings);
  return { timezone: tenant.timezone, policy, ...f, blocks, extraHours };
}

/**
 * The tenant's catalog: every service and staff member (inactive ones too, after the active
 * ones; availability offers only active ones), hours, holidays, the blocks overlapping `window`,
 * and the policy of the tenant's settings.
 */
export async function loadCatalog(
  q: Queryable,
  schema: TenantSchema,
  tenant: CatalogTenant,
  window: CatalogWindow,
): Promise<Catalog> {
  return withBlocks(q, schema, tenant, window, loadFixed(q, ident(schema)));
}

/** Knowledge snippets, the ones in `language` first. */
export async function loadKnowledge(
  q: Queryable,
  schema: TenantSchema,
  language: Language,
): Promise<KnowledgeSnippet[]> {
  const { rows } = await q.query<KnowledgeSnippet>(
    `SELECT question, answer, language, tags FROM ${ident(schema)}.knowledge
     ORDER BY (language = $1) DESC, position, id`,
    [language],
  );
  return rows;
}

/**
 * Catalog reads for booking calls without re-reading what only `ratiba tenant apply` changes
 * (services, staff and their hours, business hours, holidays, knowledge): those are kept per
 * registry entry. Applying a tenant file invalidates the registry's entry over the change bus,
 * the next call brings a new `Tenant` object and so reads them afresh: the catalog is exactly as
 * fresh as the tenant's settings. Blocks change all day and are always read.
 */
export class CatalogCache {
  private readonly fixed = new WeakMap<CatalogTenant, Promise<FixedCatalog>>();
  private readonly knowledge = new WeakMap<
    CatalogTenant,
    Map<Language, Promise<KnowledgeSnippet[]>>
  >();

  async catalog(
    q: Queryable,
    schema: TenantSchema,
    tenant: CatalogTenant,
    window: CatalogWindow,
  ): Promise<Catalog> {
    const fixed = this.remember(this.fixed, tenant, () => loadFixed(q, ident(schema)));
    return withBlocks(q, schema, tenant, window, fixed);
  }

  knowledgeOf(
    q: Queryable,
    schema: TenantSchema,
    tenant: CatalogTenant,
    language: Language,
  ): Promise<KnowledgeSnippet[]> {
    let byLanguage = this.knowledge.get(tenant);
    if (!byLanguage) {
      byLanguage = new Map<Language, Promise<KnowledgeSnippet[]>>();
      this.knowledge.set(tenant, byLanguage);
    }
    const cached = byLanguage.get(language);
    if (cached) return cached;
    const loading = loadKnowledge(q, schema, language);
    byLanguage.set(language, loading);
    loading.catch(() => byLanguage.delete(language));
    return loading;
  }

  private remember<T>(
    map: WeakMap<CatalogTenant, Promise<T>>,
    tenant: CatalogTenant,
    load: () => Promise<T>,
  ): Promise<T> {
    const cached = map.get(tenant);
    if (cached) return cached;
    const loading = load();
    map.set(tenant, loading);
    // A failed read is not kept: the next call tries again.
    loading.catch(() => map.delete(tenant));
    return loading;
  }
}
