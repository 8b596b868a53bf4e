import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { tenantSchema } from '../contract/schema-name';
import { setUpTenant } from '../runtime/tenant-setup';
import { readTenantFile, type TenantFile } from '../runtime/tenancy/tenant-file';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { findSlots } from './availability';
import { loadCatalog } from './catalog-repo';

const schema = tenantSchema('demo');
const NOW = Date.parse('2026-03-02T07:00:00+03:00');
const WINDOW = { fromMs: NOW, toMs: NOW + 40 * 86_400_000 };

let t: TestDatabase;
let demo: TenantFile;

/** Everything the catalog sync writes, without generated ids and timestamps. */
async function dump(): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    services: `SELECT id, name_en, name_sw, category, duration_min, buffer_min, price_kes_minor, aliases, active, position FROM t_demo.services ORDER BY id`,
    staff: `SELECT id, name, active, custom_hours, position FROM t_demo.staff ORDER BY id`,
    staff_services: `SELECT * FROM t_demo.staff_services ORDER BY 1, 2`,
    business_hours: `SELECT weekday, open_at::text, close_at::text FROM t_demo.business_hours ORDER BY 1, 2`,
    staff_hours: `SELECT staff_id, weekday, open_at::text, close_at::text FROM t_demo.staff_hours ORDER BY 1, 2, 3`,
    holidays: `SELECT day::text, name FROM t_demo.holidays ORDER BY 1`,
    blocks: `SELECT staff_id, start_at, end_at, reason, source FROM t_demo.blocks ORDER BY start_at, staff_id`,
    knowledge: `SELECT question, answer, language, tags, source, position FROM t_demo.knowledge ORDER BY position, question`,
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) out[name] = (await t.db.query(sql)).rows;
  return out;
}

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await readTenantFile(DEMO_TENANT_FILE);
});
afterAll(() => t.drop());

describe('applyCatalog through applyTenant', () => {
  it('writes the catalog of the demo file', async () => {
    await setUpTenant(t.db, demo);
    const d = await dump();
    expect(d.services).toHaveLength(5);
    expect(d.services![0]).toMatchObject({
      id: 'braids',
      name_sw: 'Kusuka',
      price_kes_minor: 350_000,
      aliases: ['braiding', 'rasta', 'kusuka', 'twists'],
      active: true,
    });
    expect(d.staff).toEqual([
      { id: 'achieng', name: 'Achieng', active: true, custom_hours: false, position: 1 },
      { id: 'baraka', name: 'Baraka', active: true, custom_hours: true, position: 2 },
      { id: 'wanjiku', name: 'Wanjiku', active: true, custom_hours: false, position: 0 },
    ]);
    expect(d.business_hours).toHaveLength(6);
    expect(d.business_hours![4]).toEqual({ weekday: 5, open_at: '08:00:00', close_at: '20:00:00' });
    expect(d.staff_hours).toHaveLength(5);
    expect(d.holidays).toEqual([{ day: '2026-12-25', name: 'Christmas' }]);
    expect(d.knowledge).toHaveLength(3);

    const catalog = await loadCatalog(
      t.db,
      schema,
      { timezone: demo.timezone, settings: { policy: demo.policy } },
      WINDOW,
    );
    expect(catalog.staff.find((s) => s.id === 'baraka')).toMatchObject({
      serviceIds: ['haircut', 'massage'],
      hours: { tue: [{ openMin: 600, closeMin: 1140 }] },
    });
    expect(catalog.staff.find((s) => s.id === 'wanjiku')?.hours).toBeNull();
    expect(catalog.hours.sat).toEqual([{ openMin: 540, closeMin: 1080 }]);
    expect(catalog.policy).toMatchObject({
      leadTimeMin: 60,
      cancelCutoffMin: 120,
      slotStepMin: 15,
    });
  });

  it('is idempotent', async () => {
    const before = await dump();
    await setUpTenant(t.db, demo);
    await setUpTenant(t.db, demo);
    expect(await dump()).toEqual(before);
  });

  it('deactivates removed services and staff, keeps their appointments and admin blocks', async () => {
    const { rows } = await t.db.query<{ id: number }>(
      `INSERT INTO t_demo.customers (phone) VALUES ('+254711000001') RETURNING id`,
    );
    await t.db.query(
      `INSERT INTO t_demo.appointments (customer_id, staff_id, service_id, start_at, end_at,
         buffer_end_at, source_channel, price_kes_minor)
       VALUES ($1, 'baraka', 'massage', '2026-03-03T10:00:00+03:00', '2026-03-03T11:00:00+03:00',
         '2026-03-03T11:15:00+03:00', 'whatsapp', 300000)`,
      [rows[0]!.id],
    );
    await t.db.query(
      `INSERT INTO t_demo.blocks (staff_id, start_at, end_at, reason, source)
       VALUES (NULL, '2026-03-06T12:00:00+03:00', '2026-03-06T18:00:00+03:00', 'staff party', 'admin')`,
    );
    const smaller: TenantFile = {
      ...demo,
      services: demo.services.filter((s) => s.id !== 'massage'),
      staff: demo.staff
        .filter((s) => s.id !== 'baraka')
        .map((s) =>
          s.id === 'wanjiku'
            ? {
                ...s,
                blocks: [
                  {
                    start: '2026-03-04T08:00:00+03:00',
                    end: '2026-03-04T12:00:00+03:00',
                    reason: 'course',
                  },
                ],
              }
            : s,
        ),
    };
    await setUpTenant(t.db, smaller);

    const d = await dump();
    expect(d.services!.find((s) => (s as { id: string }).id === 'massage')).toMatchObject({
      active: false,
    });
    expect(d.staff!.find((s) => (s as { id: string }).id === 'baraka')).toMatchObject({
      active: false,
    });
    expect(d.staff_services!.some((r) => (r as { staff_id: string }).staff_id === 'baraka')).toBe(
      false,
    );
    expect(d.staff_hours).toEqual([]);
    expect(
      (d.blocks as { source: string; reason: string }[]).map((b) => [b.source, b.reason]),
    ).toEqual([
      ['file', 'course'],
      ['admin', 'staff party'],
    ]);
    const kept = await t.db.query(`SELECT service_id, staff_id, status FROM t_demo.appointments`);
    expect(kept.rows).toEqual([{ service_id: 'massage', staff_id: 'baraka', status: 'booked' }]);

    const catalog = await loadCatalog(
      t.db,
      schema,
      { timezone: demo.timezone, settings: {} },
      WINDOW,
    );
    const massage = findSlots(catalog, [], { serviceId: 'massage', staffId: null, now: NOW });
    expect(massage).toEqual([]);
    const haircut = findSlots(catalog, [], {
      serviceId: 'haircut',
      staffId: null,
      now: NOW,
      limit: 5,
    });
    expect(haircut.every((s) => s.staffId === 'wanjiku')).toBe(true);

    // Put back: active again; the file block changes with the file, the admin block stays.
    await setUpTenant(t.db, demo);
    const again = await dump();
    expect(again.services!.every((s) => (s as { active: boolean }).active)).toBe(true);
    expect(again.staff!.every((s) => (s as { active: boolean }).active)).toBe(true);
    expect((again.blocks as { source: string }[]).map((b) => b.source)).toEqual(['admin']);
  });

  it('refuses hours that close before they open, and changes nothing', async () => {
    const before = await dump();
    const bad: TenantFile = {
      ...demo,
      name: 'Renamed',
      hours: { mon: [{ open: '18:00', close: '09:00' }] },
    };
    await expect(setUpTenant(t.db, bad)).rejects.toMatchObject({ code: 'invalid_tenant_file' });
    expect(await dump()).toEqual(before);
    const { rows } = await t.db.query<{ name: string }>(
      `SELECT name FROM public.tenants WHERE slug = 'demo'`,
    );
    expect(rows[0]!.name).toBe(demo.name);
  });

  it('reads a close of 00:00 as midnight', async () => {
    await setUpTenant(t.db, { ...demo, hours: { sat: [{ open: '18:00', close: '00:00' }] } });
    const catalog = await loadCatalog(
      t.db,
      schema,
      { timezone: demo.timezone, settings: {} },
      WINDOW,
    );
    expect(catalog.hours).toEqual({ sat: [{ openMin: 1080, closeMin: 1440 }] });
    await setUpTenant(t.db, demo);
  });
});
