/**
 * Syncs the catalog of a tenant file into the tenant's schema, idempotently, inside the caller's
 * transaction (`applyTenant`). Services and staff are upserted by id; those gone from the file
 * are deactivated, never deleted, so old appointments keep their references. Staff services,
 * hours and holidays mirror the file exactly; blocks and knowledge snippets that came from the
 * file are replaced, the ones an admin created are left alone.
 */
import { ident, type Queryable, RatibaError, type TenantSchema } from '../contract';
import { WEEKDAYS, type CatalogSpec, type Span, type Weekday } from './types';
import { formatMinutes, parseMinutes } from './wall-clock';

type FileHours = Partial<Record<Weekday, { open: string; close: string }[]>>;

interface HoursRow {
  weekday: number;
  open_at: string;
  close_at: string;
}

function invalid(message: string): RatibaError {
  return new RatibaError('invalid_tenant_file', message, { public: true });
}

/**
 * Spans of a week as rows (ISO weekday 1 = Monday). A close of 00:00 means midnight; spans of a
 * day must not overlap.
 */
export function hoursRows(hours: FileHours, where: string): HoursRow[] {
  const rows: HoursRow[] = [];
  WEEKDAYS.forEach((day, i) => {
    const spans: Span[] = (hours[day] ?? []).map((s) => {
      const openMin = parseMinutes(s.open);
      const closeMin = s.close === '00:00' ? 24 * 60 : parseMinutes(s.close);
      if (closeMin <= openMin) {
        throw invalid(`${where}.${day}: closes (${s.close}) before it opens (${s.open})`);
      }
      return { openMin, closeMin };
    });
    spans.sort((a, b) => a.openMin - b.openMin);
    spans.forEach((s, j) => {
      const prev = spans[j - 1];
      if (prev && s.openMin < prev.closeMin) throw invalid(`${where}.${day}: spans overlap`);
      rows.push({
        weekday: i + 1,
        open_at: formatMinutes(s.openMin),
        close_at: formatMinutes(s.closeMin),
      });
    });
  });
  return rows;
}

async function syncServices(tx: Queryable, s: string, file: CatalogSpec): Promise<void> {
  const services = file.services.map((svc, position) => ({
    id: svc.id,
    name_en: svc.name.en,
    name_sw: svc.name.sw ?? null,
    category: svc.category,
    duration_min: svc.duration_min,
    buffer_min: svc.buffer_min,
    price_kes_minor: Math.round(svc.price_kes * 100),
    aliases: svc.aliases,
    active: svc.active,
    position,
  }));
  await tx.query(
    `INSERT INTO ${s}.services AS t (id, name_en, name_sw, category, duration_min, buffer_min,
       price_kes_minor, aliases, active, position)
     SELECT id, name_en, name_sw, category, duration_min, buffer_min, price_kes_minor, aliases,
       active, position
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, name_en text, name_sw text, category text,
       duration_min integer, buffer_min integer, price_kes_minor bigint, aliases text[],
       active boolean, position integer)
     ON CONFLICT (id) DO UPDATE SET name_en = EXCLUDED.name_en, name_sw = EXCLUDED.name_sw,
       category = EXCLUDED.category, duration_min = EXCLUDED.duration_min,
       buffer_min = EXCLUDED.buffer_min, price_kes_minor = EXCLUDED.price_kes_minor,
       aliases = EXCLUDED.aliases, active = EXCLUDED.active, position = EXCLUDED.position,
       updated_at = now()
     WHERE (t.name_en, t.name_sw, t.category, t.duration_min, t.buffer_min, t.price_kes_minor,
       t.aliases, t.active, t.position) IS DISTINCT FROM (EXCLUDED.name_en, EXCLUDED.name_sw,
       EXCLUDED.category, EXCLUDED.duration_min, EXCLUDED.buffer_min, EXCLUDED.price_kes_minor,
       EXCLUDED.aliases, EXCLUDED.active, EXCLUDED.position)`,
    [JSON.stringify(services)],
  );
  await tx.query(
    `UPDATE ${s}.services SET active = false, updated_at = now()
     WHERE active AND NOT (id = ANY ($1::text[]))`,
    [services.map((x) => x.id)],
  );
}

async function syncStaff(tx: Queryable, s: string, file: CatalogSpec): Promise<void> {
  const staff = file.staff.map((st, position) => ({
    id: st.id,
    name: st.name,
    custom_hours: st.hours !== undefined,
    position,
  }));
  await tx.query(
    `INSERT INTO ${s}.staff AS t (id, name, active, custom_hours, position)
     SELECT id, name, true, custom_hours, position
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, custom_hours boolean, position integer)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, active = true,
       custom_hours = EXCLUDED.custom_hours, position = EXCLUDED.position, updated_at = now()
     WHERE (t.name, t.active, t.custom_hours, t.position)
       IS DISTINCT FROM (EXCLUDED.name, true, EXCLUDED.custom_hours, EXCLUDED.position)`,
    [JSON.stringify(staff)],
  );
  await tx.query(
    `UPDATE ${s}.staff SET active = false, updated_at = now()
     WHERE active AND NOT (id = ANY ($1::text[]))`,
    [staff.map((x) => x.id)],
  );
  const pairs = file.staff.flatMap((st) => [...new Set(st.services)].map((sv) => [st.id, sv]));
  await tx.query(`DELETE FROM ${s}.staff_services`);
  await tx.query(
    `INSERT INTO ${s}.staff_services (staff_id, service_id)
     SELECT * FROM unnest($1::text[], $2::text[])`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

async function syncHours(tx: Queryable, s: string, file: CatalogSpec): Promise<void> {
  const business = hoursRows(file.hours, 'hours');
  await tx.query(`DELETE FROM ${s}.business_hours`);
  await tx.query(
    `INSERT INTO ${s}.business_hours (weekday, open_at, close_at)
     SELECT * FROM unnest($1::smallint[], $2::time[], $3::time[])`,
    [
      business.map((r) => r.weekday),
      business.map((r) => r.open_at),
      business.map((r) => r.close_at),
    ],
  );
  const staff = file.staff.flatMap((st, i) =>
    hoursRows(st.hours ?? {}, `staff.${i}.hours`).map((r) => ({ ...r, staff_id: st.id })),
  );
  await tx.query(`DELETE FROM ${s}.staff_hours`);
  await tx.query(
    `INSERT INTO ${s}.staff_hours (staff_id, weekday, open_at, close_at)
     SELECT * FROM unnest($1::text[], $2::smallint[], $3::time[], $4::time[])`,
    [
      staff.map((r) => r.staff_id),
      staff.map((r) => r.weekday),
      staff.map((r) => r.open_at),
      staff.map((r) => r.close_at),
    ],
  );
  const holidays = new Map(file.holidays.map((h) => [h.date, h.name ?? null]));
  await tx.query(`DELETE FROM ${s}.holidays`);
  await tx.query(
    `INSERT INTO ${s}.holidays (day, name) SELECT * FROM unnest($1::date[], $2::text[])`,
    [[...holidays.keys()], [...holidays.values()]],
  );
}

async function syncBlocksAndKnowledge(tx: Queryable, s: string, file: CatalogSpec): Promise<void> {
  const blocks = file.staff.flatMap((st, i) =>
    st.blocks.map((b, j) => {
      if (Date.parse(b.end) <= Date.parse(b.start)) {
        throw invalid(`staff.${i}.blocks.${j}: ends before it starts`);
      }
      return { staff_id: st.id, start_at: b.start, end_at: b.end, reason: b.reason ?? null };
    }),
  );
  await tx.query(`DELETE FROM ${s}.blocks WHERE source = 'file'`);
  await tx.query(
    `INSERT INTO ${s}.blocks (staff_id, start_at, end_at, reason, source)
     SELECT staff_id, start_at, end_at, reason, 'file'
     FROM jsonb_to_recordset($1::jsonb)
       AS x(staff_id text, start_at timestamptz, end_at timestamptz, reason text)`,
    [JSON.stringify(blocks)],
  );
  await tx.query(`DELETE FROM ${s}.knowledge WHERE source = 'file'`);
  await tx.query(
    `INSERT INTO ${s}.knowledge (question, answer, language, tags, source, position)
     SELECT question, answer, language, tags, 'file', position
     FROM jsonb_to_recordset($1::jsonb)
       AS x(question text, answer text, language text, tags text[], position integer)`,
    [JSON.stringify(file.knowledge.map((k, position) => ({ ...k, position })))],
  );
}

/**
 * Makes the tenant's catalog tables say what the tenant file says. Registered as a tenant-apply
 * hook (runtime/tenancy), so it runs inside `applyTenant`'s transaction.
 */
export async function applyCatalog(
  tx: Queryable,
  schema: TenantSchema,
  file: CatalogSpec,
): Promise<void> {
  const s = ident(schema);
  await syncServices(tx, s, file);
  await syncStaff(tx, s, file);
  await syncHours(tx, s, file);
  await syncBlocksAndKnowledge(tx, s, file);
}
