import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, tenantSchema, type RefundTaskView } from '../../contract';
import { startConsoleServer, type ConsoleServer } from '../../test-support/console-browser-rig';
import { getJson, postJson } from '../../test-support/console-test-kit';
import { seedRefund, type SeededRefund } from '../../test-support/refund-seed';

const S = tenantSchema('demo');

/**
 * The console's refund tasks (issue 13): the list (open tasks first, masked phones) and marking
 * one done through the owner's path — audited with the operator, once; 404 / 409 change nothing.
 */
describe('console refund tasks API', () => {
  let c: ConsoleServer;
  let manual: SeededRefund;
  let named: SeededRefund;
  let auto: SeededRefund;
  let done: SeededRefund;

  beforeAll(async () => {
    c = await startConsoleServer({ dbMax: 2 });
    const db = c.tdb.db;
    const startMs = Date.parse('2026-12-08T07:00:00Z');
    done = await seedRefund(db, S, {
      phone: '+254708000401',
      name: 'Done Dora',
      amountMinor: 50_000,
      startMs,
      status: 'done',
    });
    manual = await seedRefund(db, S, {
      phone: '+254708000402',
      amountMinor: 40_000,
      startMs,
      status: 'manual',
      reason: 'no M-Pesa initiator credentials',
    });
    auto = await seedRefund(db, S, {
      phone: '+254708000403',
      amountMinor: 30_000,
      startMs: startMs + 7_200_000,
      status: 'submitted',
      method: 'b2c',
    });
    named = await seedRefund(db, S, {
      phone: '+254708000404',
      name: 'Wanjiku',
      amountMinor: 25_000,
      startMs: startMs + 3_600_000,
      status: 'manual',
      reason: 'B2C answer lost',
    });
  }, 240_000);

  afterAll(async () => {
    await c?.stop();
  });

  const list = async () => {
    const r = await getJson(`${c.url}/api/tenants/demo/refunds`);
    expect(r.status).toBe(200);
    return r.body.refunds as RefundTaskView[];
  };
  const audits = async () =>
    (
      await c.tdb.db.query<{ target: string; admin_phone: string | null; after: unknown }>(
        `SELECT target, admin_phone, after FROM ${ident(S)}.admin_audit WHERE action = 'refund_done'`,
      )
    ).rows;

  it('lists open tasks first, newest first, with the customer masked unless named', async () => {
    const rows = await list();
    expect(rows.map((r) => r.ref)).toEqual([
      `R${named.id}`,
      `R${auto.id}`,
      `R${manual.id}`,
      `R${done.id}`,
    ]);
    const m = rows.find((r) => r.id === manual.id)!;
    expect(m).toMatchObject({
      amountMinor: 40_000,
      currency: 'KES',
      method: 'manual',
      status: 'manual',
      open: true,
      appointmentId: manual.appointmentId,
      start: Date.parse('2026-12-08T07:00:00Z'),
      reason: 'no M-Pesa initiator credentials',
    });
    expect(m.serviceName.length).toBeGreaterThan(0);
    expect(m.customer).not.toContain('708000402');
    expect(m.customer).toBe('+2547•••••402');
    expect(rows.find((r) => r.id === named.id)!.customer).toBe('Wanjiku');
    expect(rows.find((r) => r.id === auto.id)!.open).toBe(false);
    expect(JSON.stringify(rows)).not.toContain('708000402');
  });

  it('marks a manual task done once, audited with the operator and the note', async () => {
    const url = `${c.url}/api/tenants/demo/refunds/R${manual.id}/done`;
    const ok = await postJson(url, { note: 'Sent from till, ref QX12' });
    expect(ok).toEqual({ status: 200, body: { ok: true, ref: `R${manual.id}` } });
    const row = (await list()).find((r) => r.id === manual.id)!;
    expect(row.status).toBe('done');
    expect(row.open).toBe(false);
    expect(row.doneAt).toBeGreaterThan(0);
    expect(row.doneBy).toMatch(/^console:/);
    // The list showed the reason but dropped the operator's reference (issue 13).
    expect(row.doneNote).toBe('Sent from till, ref QX12');
    expect(row.reason).toBe('no M-Pesa initiator credentials');

    const again = await postJson(url, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('refund_already_done');
    const a = await audits();
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({
      target: `R${manual.id}`,
      admin_phone: null,
      after: { status: 'done', amountMinor: 40_000, note: 'Sent from till, ref QX12' },
    });
    expect((a[0]!.after as { operator: { subject: string } }).operator.subject).toBeTruthy();
  });

  it('refuses unknown, automatic and malformed refunds and changes nothing', async () => {
    const base = `${c.url}/api/tenants/demo/refunds`;
    const unknown = await postJson(`${base}/R999999/done`, {});
    expect(unknown.status).toBe(404);
    const automatic = await postJson(`${base}/${auto.id}/done`, {});
    expect(automatic.status).toBe(409);
    expect(automatic.body.error).toBe('refund_automatic');
    expect((await postJson(`${base}/R1x/done`, {})).status).toBe(400);
    expect((await postJson(`${base}/R${named.id}/done`, { note: 'x'.repeat(201) })).status).toBe(
      400,
    );
    expect((await postJson(`${base}/R${named.id}/done`, { amount: 1 })).status).toBe(400);
    const rows = await list();
    expect(rows.find((r) => r.id === auto.id)!.status).toBe('submitted');
    expect(rows.find((r) => r.id === named.id)!.status).toBe('manual');
    expect(rows.find((r) => r.id === named.id)!.doneNote).toBeNull();
    expect(await audits()).toHaveLength(1);
    expect((await getJson(`${c.url}/api/tenants/nosuch/refunds`)).status).toBe(404);
  });
});
