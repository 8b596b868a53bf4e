import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { amendPeriod, closeMonth } from '../../booking';
import type { Runtime } from '../app';
import { DEMO_TENANT_FILE } from '../config';
import { tenantSchema } from '../../contract';
import { setUpTenant } from '../tenant-setup';
import { readTenantFile } from '../tenancy/tenant-file';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, startTestRuntime } from '../../test-support/test-runtime';

/**
 * The owner's side against the real runtime: tenant isolation of admin threads, the digest
 * timers' seeding, and the commission periods' idempotency and amendments.
 */
const OWNER_A = '+254700000001'; // the demo tenant's admin (tenants/demo.yaml)
const OWNER_B = '+254700000099';
const text = (m: OutboundMessage) => m.text;

describe('owner admin', () => {
  let tdb: TestDatabase;
  let rt: Runtime;
  const say = async (tenant: string, from: string, t: string) => {
    const r = await rt.ingress.acceptMessage(
      { tenant, from, channel: 'simulator', text: t, eventId: `t:${randomUUID()}`, source: 'test' },
      { awaitReply: true },
    );
    const done = await r.replies!;
    return { threadKey: r.threadKey, replies: done.replies.map(text) };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    rt = await startTestRuntime(tdb.url, { RATIBA_DEMO_TENANT: DEMO_TENANT_FILE });
    const file = await readTenantFile(DEMO_TENANT_FILE);
    await setUpTenant(rt.db, {
      ...file,
      slug: 'other',
      name: 'Other Salon',
      admins: [OWNER_B],
      channels: { whatsapp: [], instagram: [], messenger: [], voice: [] },
    });
  });

  afterAll(async () => {
    await rt?.stop();
    await tdb?.drop();
  });

  it("gives tenant A's admin the admin thread in A and the customer conversation in B", async () => {
    // A customer of B books through the bot in B.
    const s = tenantSchema('other');
    await rt.db.query(
      `INSERT INTO ${s}.customers (phone, display_name) VALUES ('+254733000001', 'Bea')`,
    );
    await rt.db.query(
      `INSERT INTO ${s}.appointments (customer_id, staff_id, service_id, start_at, end_at, buffer_end_at, source_channel, price_kes_minor)
       SELECT id, 'wanjiku', 'haircut', now() + interval '1 day', now() + interval '1 day 30 min', now() + interval '1 day 40 min', 'seed', 80000
       FROM ${s}.customers WHERE phone = '+254733000001'`,
    );
    const inA = await say('demo', OWNER_A, 'bookings tomorrow');
    expect(inA.threadKey).toMatch(/^a:/);
    expect(inA.replies[0]).toMatch(/^📅 Bookings /);
    expect(inA.replies.join('\n')).not.toContain('Bea');
    const inB = await say('other', OWNER_A, 'bookings tomorrow');
    expect(inB.threadKey).toMatch(/^c:/);
    expect(inB.replies.join('\n')).not.toMatch(/📅|Bea|#\d/);
    const ownerB = await say('other', OWNER_B, 'bookings tomorrow');
    expect(ownerB.replies.join('\n')).toContain('Bea');
  });

  it('seeds one digest timer per admin thread, once however often it runs', async () => {
    await rt.digests.ensure('demo');
    expect(await rt.digests.ensure('demo')).toBe(0);
    const { rows } = await rt.db.query<{ n: string; at: Date }>(
      `SELECT count(*) AS n, min(fire_at) AS at FROM t_demo.timers WHERE timer_key = 'digest'`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
    // 07:00 in Nairobi is 04:00 UTC
    expect(rows[0]!.at.getUTCHours()).toBe(4);
    expect(rows[0]!.at.getUTCMinutes()).toBe(0);
    // The payment reaper's chain next to it: 03:00 in Nairobi is 00:00 UTC.
    const reaper = await rt.db.query<{ n: string; at: Date }>(
      `SELECT count(*) AS n, min(fire_at) AS at FROM t_demo.timers WHERE timer_key = 'reaper'`,
    );
    expect(Number(reaper.rows[0]!.n)).toBe(1);
    expect(reaper.rows[0]!.at.getUTCHours()).toBe(0);
  });

  it('closes a month once, and an amendment is a new row pointing at the period', async () => {
    const s = tenantSchema('demo');
    const first = await closeMonth(rt.db, s, 'Africa/Nairobi', '2026-10', OWNER_A);
    expect(first).toEqual({ closed: 3, total: 3 });
    expect(await closeMonth(rt.db, s, 'Africa/Nairobi', '2026-10', OWNER_A)).toEqual({
      closed: 0,
      total: 3,
    });
    const { rows } = await rt.db.query<{ id: string }>(
      `SELECT id FROM ${s}.commission_periods WHERE staff_id = 'wanjiku' AND month = '2026-10-01'`,
    );
    const amended = await amendPeriod(rt.db, s, Number(rows[0]!.id), 12_345, 'tip missed', OWNER_A);
    const all = await rt.db.query<{
      kind: string;
      amendment_of_id: string | null;
      commission_kes_minor: string;
    }>(
      `SELECT kind, amendment_of_id, commission_kes_minor FROM ${s}.commission_periods
       WHERE staff_id = 'wanjiku' AND month = '2026-10-01' ORDER BY id`,
    );
    expect(
      all.rows.map((r) => [r.kind, r.amendment_of_id, Number(r.commission_kes_minor)]),
    ).toEqual([
      ['close', null, 0],
      ['amendment', rows[0]!.id, 12_345],
    ]);
    expect(amended).toBeGreaterThan(0);
    // The database refuses an amendment without the period it amends, and a rule for both a
    // staff member and a category.
    await expect(
      rt.db.query(
        `INSERT INTO ${s}.commission_periods (staff_id, month, kind, revenue_kes_minor, commission_kes_minor, appointments)
         VALUES ('wanjiku', '2026-10-01', 'amendment', 0, 0, 0)`,
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      rt.db.query(
        `INSERT INTO ${s}.commission_rules (staff_id, service_category, kind, rate, valid_from)
         VALUES ('wanjiku', 'hair', 'pct', 1000, '2026-01-01')`,
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      rt.db.query(`UPDATE ${s}.staff SET kra_pin = 'X123' WHERE id = 'wanjiku'`),
    ).rejects.toThrow(/check constraint/);
    await rt.db.query(`UPDATE ${s}.staff SET kra_pin = 'A123456789Z' WHERE id = 'wanjiku'`);
  });

  it('runs an admin.apply once per effect key: a re-run returns the first result', async () => {
    const handler = rt.dispatcher['deps'].handlers.get('admin.apply')!;
    const tenant = (await rt.tenants.get('demo'))!;
    const ctx = {
      tenant,
      threadKey: 'a:1',
      outboxId: 1,
      idempotencyKey: `k:${randomUUID()}`,
      attempt: 1,
      now: Date.now(),
    };
    const command = { type: 'add_staff', name: 'Njeri' };
    const first = await handler.run({ command, adminThread: 'a:1' }, ctx);
    const again = await handler.run({ command, adminThread: 'a:1' }, { ...ctx, attempt: 2 });
    expect(again).toEqual(first);
    const { rows } = await rt.db.query(`SELECT id FROM t_demo.staff WHERE name = 'Njeri'`);
    expect(rows).toHaveLength(1);
    await eventually(async () =>
      (await rt.tenants.get('demo'))?.settings.staff?.some((x) => x.name === 'Njeri'),
    );
  });

  it("talks to the owner's admin thread from the console, and lists the audit", async () => {
    const post = await fetch(`${rt.http.url}/api/tenants/demo/owner-chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'bookings today' }),
    });
    const chat = (await post.json()) as { thread: string; replies: OutboundMessage[] };
    expect(post.status).toBe(200);
    // the same actor as the owner's WhatsApp: the admin thread of +254700000001
    const owner = await say('demo', OWNER_A, 'help');
    expect(chat.thread).toBe(owner.threadKey);
    expect(chat.replies[0]?.text).toMatch(/^📅 Bookings /);
    const notAdmin = await fetch(`${rt.http.url}/api/tenants/demo/owner-chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi', admin: '+254712345678' }),
    });
    expect(notAdmin.status).toBe(400);
    const audit = (await (await fetch(`${rt.http.url}/api/tenants/demo/admin-audit`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toContain('add_staff');
  });
});
