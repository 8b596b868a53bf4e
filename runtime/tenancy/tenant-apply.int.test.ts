import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAll } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { applyTenant } from './tenant-apply';
import { DEMO_TENANT_FILE } from '../config';
import { parseTenantFile, readTenantFile } from './tenant-file';
import { TenantRegistry } from './tenant-registry';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('tenant apply', () => {
  it('creates the tenant, its schema, bindings and admins, and is idempotent', async () => {
    const file = await readTenantFile(DEMO_TENANT_FILE);
    const first = await applyTenant(t.db, file);
    expect(first).toMatchObject({ slug: 'demo', created: true });
    expect(first.migrationsApplied).toBeGreaterThan(0);
    const second = await applyTenant(t.db, file);
    expect(second).toMatchObject({ slug: 'demo', created: false, migrationsApplied: 0 });

    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 't_demo'`,
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(8);
    const registry = new TenantRegistry(t.db);
    expect(await registry.resolve('whatsapp', '106540352242922')).toBe('demo');
    expect(await registry.resolve('whatsapp', '999')).toBeUndefined();
    const tenant = await registry.get('demo');
    expect(tenant?.admins).toEqual(['+254700000001']);
    expect(tenant?.schema).toBe('t_demo');
  });

  it('updates bindings when the file changes, and never keeps secrets in settings', async () => {
    const file = parseTenantFile(`
slug: acme
name: Acme Barbers
channels:
  whatsapp:
    - { phone_number_id: '111', access_token: 'EAAG-secret' }
`);
    await applyTenant(t.db, file);
    await applyTenant(t.db, {
      ...file,
      channels: {
        ...file.channels,
        whatsapp: [{ phone_number_id: '222', messages_per_second: 80 }],
      },
    });
    const registry = new TenantRegistry(t.db);
    expect(await registry.resolve('whatsapp', '111')).toBeUndefined();
    expect(await registry.resolve('whatsapp', '222')).toBe('acme');
    const { rows } = await t.db.query<{ settings: string }>(
      `SELECT settings::text FROM public.tenants WHERE slug = 'acme'`,
    );
    expect(rows[0]!.settings).not.toContain('EAAG-secret');
  });

  it('migrate is idempotent and safe to run concurrently', async () => {
    const results = await Promise.all([migrateAll(t.db), migrateAll(t.db), migrateAll(t.db)]);
    expect(results.map((r) => r.applied)).toEqual([0, 0, 0]);
  });

  it('refuses an invalid file with every problem named', () => {
    expect(() =>
      parseTenantFile('slug: Bad Slug\nname: x\nstaff: [{ id: a, name: A, services: [nope] }]'),
    ).toThrow(/slug[\s\S]*staff\.0\.services\.0: unknown service nope/);
    expect(() => parseTenantFile('slug: [')).toThrow(/not valid YAML/);
  });
});
