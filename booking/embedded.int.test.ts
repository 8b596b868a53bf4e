import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { createDatabase, type Database } from '../runtime/db/database';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../runtime/db/embedded';
import { migrateAll } from '../runtime/db/migrate';
import { tenantSchema } from '../contract/schema-name';
import { setUpTenant } from '../runtime/tenant-setup';
import { readTenantFile } from '../runtime/tenancy/tenant-file';
import { TenantRegistry } from '../runtime/tenancy/tenant-registry';
import { createBookingCalls } from '../runtime/conversation/booking-calls';

// The same migrations and constraint on PGlite, the embedded database of `npm start`.
let dir: string;
let embedded: EmbeddedDatabase;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ratiba-booking-'));
  embedded = await startEmbeddedDatabase(dir);
  db = createDatabase({ connectionString: embedded.connectionString, max: 1 });
});
afterAll(async () => {
  await db?.close();
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('booking on the embedded database (PGlite)', () => {
  it('migrates, applies the demo catalog, and refuses double booking', async () => {
    await migrateAll(db);
    await setUpTenant(db, await readTenantFile(DEMO_TENANT_FILE));
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM t_demo.services',
    );
    expect(rows[0]!.n).toBe(5);

    const { rows: c } = await db.query<{ id: number }>(
      `INSERT INTO t_demo.customers (phone) VALUES ('+254711000001'), ('+254711000002') RETURNING id`,
    );
    const tenant = (await new TenantRegistry(db).get('demo'))!;
    const calls = createBookingCalls();
    const ctx = (customerId: number) => ({
      db,
      schema: tenantSchema('demo'),
      tenant,
      customerId,
      threadKey: `c:${customerId}`,
      now: Date.parse('2026-03-02T07:00:00+03:00'),
    });
    const payload = {
      serviceId: 'haircut',
      staffId: 'wanjiku',
      start: '2026-03-03T10:00:00+03:00',
      channel: 'simulator',
    } as const;
    const first = await calls['booking.create'](ctx(c[0]!.id), payload);
    expect(first).toMatchObject({ ok: true, appointment: { start: '2026-03-03T10:00:00+03:00' } });
    const second = await calls['booking.create'](ctx(c[1]!.id), {
      ...payload,
      start: '2026-03-03T10:15:00+03:00',
    });
    expect(second).toMatchObject({ ok: false, reason: 'slot_taken' });
    expect(second.ok ? [] : second.alternatives.map((s) => s.start)).toContain(
      '2026-03-03T10:45:00+03:00',
    );

    // The constraint itself, below the booking code.
    await expect(
      db.query(
        `INSERT INTO t_demo.appointments (customer_id, staff_id, service_id, start_at, end_at,
           buffer_end_at, source_channel, price_kes_minor)
         VALUES ($1, 'wanjiku', 'haircut', '2026-03-03T10:30:00+03:00', '2026-03-03T11:00:00+03:00',
           '2026-03-03T11:10:00+03:00', 'simulator', 80000)`,
        [c[1]!.id],
      ),
    ).rejects.toMatchObject({ code: '23P01' });
  });
});
