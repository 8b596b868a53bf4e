import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { tenantSchema } from '../contract/schema-name';
import { setUpTenant } from '../runtime/tenant-setup';
import { readTenantFile } from '../runtime/tenancy/tenant-file';
import { TenantRegistry, type Tenant } from '../runtime/tenancy/tenant-registry';
import {
  countingQueries,
  createTestDatabase,
  type TestDatabase,
} from '../test-support/test-database';
import { createBookingCalls, type BookingCallContext } from '../runtime/conversation/booking-calls';

// Monday 2 March 2026, 07:00 in Nairobi. The demo salon opens 08:00-19:00 on weekdays; policy:
// lead time 60 min, cancel and reschedule cutoff 120 min.
const NOW = Date.parse('2026-03-02T07:00:00+03:00');
const schema = tenantSchema('demo');
const calls = createBookingCalls();

let t: TestDatabase;
let tenant: Tenant;
let customers: number[];
let racers: number[];

async function newCustomer(phone: string): Promise<number> {
  const { rows } = await t.db.query<{ id: number }>(
    'INSERT INTO t_demo.customers (phone) VALUES ($1) RETURNING id',
    [phone],
  );
  return rows[0]!.id;
}

function ctx(customerId: number | null, now = NOW): BookingCallContext {
  return { db: t.db, schema, tenant, customerId, threadKey: `c:${customerId}`, now };
}

async function block(staffId: string, start: string, end: string): Promise<void> {
  await t.db.query(
    `INSERT INTO t_demo.blocks (staff_id, start_at, end_at, reason, source) VALUES ($1, $2, $3, 'test', 'admin')`,
    [staffId, start, end],
  );
}

async function book(customer: number, serviceId: string, staffId: string, start: string) {
  const r = await calls['booking.create'](ctx(customer), {
    serviceId,
    staffId,
    start,
    channel: 'whatsapp',
  });
  if (!r.ok) throw new Error(`expected a booking at ${start}, got ${r.reason}`);
  return r.appointment;
}

beforeAll(async () => {
  t = await createTestDatabase({ demoTenant: true });
  tenant = (await new TenantRegistry(t.db).get('demo'))!;
  customers = [];
  racers = [];
  for (let i = 0; i < 10; i++) customers.push(await newCustomer(`+2547110000${10 + i}`));
  for (let i = 0; i < 8; i++) racers.push(await newCustomer(`+2547220000${10 + i}`));
});
afterAll(() => t.drop());

describe('the exclusion constraint', () => {
  const insert = (staffId: string, start: string, end: string, status = 'booked') =>
    t.db.query(
      `INSERT INTO t_demo.appointments (customer_id, staff_id, service_id, start_at, end_at,
         buffer_end_at, status, source_channel, price_kes_minor, cancelled_at)
       VALUES ($1, $2, 'haircut', $3, $4, $4::timestamptz + interval '10 minutes', $5, 'simulator', 80000,
         CASE WHEN $5 = 'cancelled' THEN now() END)`,
      [customers[0], staffId, start, end, status],
    );

  it('refuses a second active appointment overlapping one staff member, buffer included', async () => {
    await insert('wanjiku', '2026-04-01T10:00:00+03:00', '2026-04-01T10:30:00+03:00');
    // 10:35 starts inside the first one's clean-up buffer (until 10:40).
    await expect(
      insert('wanjiku', '2026-04-01T10:35:00+03:00', '2026-04-01T11:05:00+03:00'),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'appointments_no_overlap' });
    // Right after the buffer, another staff member, or a cancelled row: all fine.
    await insert('wanjiku', '2026-04-01T10:40:00+03:00', '2026-04-01T11:10:00+03:00');
    await insert('baraka', '2026-04-01T10:00:00+03:00', '2026-04-01T10:30:00+03:00');
    await insert('wanjiku', '2026-04-01T10:15:00+03:00', '2026-04-01T10:45:00+03:00', 'cancelled');
  });
});

describe('booking.create', () => {
  it('books a free slot and returns the summary in the tenant time zone', async () => {
    const r = await calls['booking.create'](ctx(customers[0]!), {
      serviceId: 'haircut',
      staffId: 'wanjiku',
      start: '2026-03-03T07:00:00Z',
      channel: 'whatsapp',
    });
    expect(r).toEqual({
      ok: true,
      appointment: {
        id: expect.any(Number) as number,
        serviceId: 'haircut',
        serviceName: 'Haircut',
        staffId: 'wanjiku',
        staffName: 'Wanjiku',
        start: '2026-03-03T10:00:00+03:00',
        end: '2026-03-03T10:30:00+03:00',
        status: 'booked',
        priceKesMinor: 80_000,
      },
    });
    const { rows } = await t.db.query<{ buffer_end_at: Date; thread_key: string }>(
      'SELECT buffer_end_at, thread_key FROM t_demo.appointments WHERE id = $1',
      [r.ok ? r.appointment.id : 0],
    );
    expect(rows[0]!.buffer_end_at.toISOString()).toBe('2026-03-03T07:40:00.000Z');
    expect(rows[0]!.thread_key).toBe(`c:${customers[0]}`);
  });

  it.each([
    ['too_soon', '2026-03-02T07:30:00+03:00'],
    ['too_far', '2026-04-20T10:00:00+03:00'],
    ['outside_hours', '2026-03-03T06:00:00+03:00'],
    ['outside_hours', '2026-03-08T10:00:00+03:00'], // a Sunday
  ] as const)('refuses %s (%s) with alternatives', async (reason, start) => {
    const r = await calls['booking.create'](ctx(customers[1]!), {
      serviceId: 'haircut',
      staffId: 'wanjiku',
      start,
      channel: 'whatsapp',
    });
    expect(r).toMatchObject({ ok: false, reason });
    expect(r.ok ? [] : r.alternatives).not.toHaveLength(0);
  });

  it.each([
    ['2026-03-04', '2026-03-05T14:00:00+03:00'],
    ['2026-03-05', '2026-03-06T14:00:00+03:00'],
    ['2026-03-06', '2026-03-07T14:00:00+03:00'],
  ])(
    'THE RACE on %s: eight customers for the last free slot -> exactly one booking',
    async (day, nearest) => {
      // Achieng is the only one doing manicures (45 min). Leave her 14:00-14:45 that day.
      // Regression: before the staff schedule lock, eight concurrent inserts deadlocked (40P01)
      // on each other's uncommitted index entries instead of failing cleanly with 23P01.
      await block('achieng', `${day}T08:00:00+03:00`, `${day}T14:00:00+03:00`);
      await block('achieng', `${day}T14:45:00+03:00`, `${day}T20:00:00+03:00`);
      const search = await calls['availability.search'](ctx(customers[0]!), {
        serviceId: 'manicure',
        staffId: null,
        date: day,
      });
      const thatDay = search.slots.filter((s) => s.start.startsWith(day));
      expect(thatDay.map((s) => s.start)).toEqual([`${day}T14:00:00+03:00`]);

      const results = await Promise.all(
        racers.map((c) =>
          calls['booking.create'](ctx(c), {
            serviceId: 'manicure',
            staffId: 'achieng',
            start: `${day}T14:00:00+03:00`,
            channel: 'whatsapp',
          }),
        ),
      );
      const won = results.filter((r) => r.ok);
      const lost = results.filter((r) => !r.ok);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(racers.length - 1);
      for (const r of lost) {
        expect(r.reason).toBe('slot_taken');
        expect(r.alternatives.map((s) => s.start)).not.toContain(`${day}T14:00:00+03:00`);
        // The nearest free time: Achieng's next working day at the same time.
        expect(r.alternatives[0]?.start).toBe(nearest);
      }
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM t_demo.appointments
         WHERE staff_id = 'achieng' AND status IN ('booked', 'confirmed')
           AND start_at = $1`,
        [`${day}T14:00:00+03:00`],
      );
      expect(rows[0]!.n).toBe(1);
    },
  );

  it('offers a slot search that leaves the booked time out', async () => {
    await book(customers[2]!, 'haircut', 'wanjiku', '2026-03-05T10:00:00+03:00');
    const r = await calls['availability.search'](ctx(customers[2]!), {
      serviceId: 'haircut',
      staffId: 'wanjiku',
      date: '2026-03-05',
      time: '10:00',
    });
    expect(r.slots.map((s) => s.start)).toEqual([
      '2026-03-05T10:45:00+03:00',
      '2026-03-05T09:15:00+03:00',
      '2026-03-05T11:00:00+03:00',
    ]);
  });
});

describe('booking.cancel', () => {
  it('cancels outside the cutoff, refuses inside it, and refuses twice', async () => {
    const later = await book(customers[3]!, 'haircut', 'baraka', '2026-03-03T11:00:00+03:00');
    const soon = await book(customers[3]!, 'haircut', 'wanjiku', '2026-03-02T08:30:00+03:00');
    const cancel = calls['booking.cancel'];
    expect(await cancel(ctx(customers[3]!), { appointmentId: later.id })).toEqual({
      ok: true,
      appointment: { ...later, status: 'cancelled' },
    });
    expect(await cancel(ctx(customers[3]!), { appointmentId: later.id })).toEqual({
      ok: false,
      reason: 'already_cancelled',
    });
    // 90 minutes before the start, the cutoff is 120.
    expect(await cancel(ctx(customers[3]!), { appointmentId: soon.id })).toEqual({
      ok: false,
      reason: 'past_cutoff',
    });
    // Someone else's appointment does not exist for this customer.
    expect(await cancel(ctx(customers[4]!), { appointmentId: soon.id })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    // The owner (admin thread) may cancel inside the cutoff.
    expect(await cancel(ctx(null), { appointmentId: soon.id })).toMatchObject({ ok: true });
    // The cancelled time is free again.
    await book(customers[4]!, 'haircut', 'wanjiku', '2026-03-02T08:30:00+03:00');
  });
});

describe('booking.reschedule', () => {
  it('moves an appointment, even onto its own old time, and keeps service, staff and price', async () => {
    const a = await book(customers[5]!, 'haircut', 'wanjiku', '2026-03-06T10:00:00+03:00');
    const r = await calls['booking.reschedule'](ctx(customers[5]!), {
      appointmentId: a.id,
      start: '2026-03-06T10:15:00+03:00',
      staffId: '',
    });
    expect(r).toMatchObject({
      ok: true,
      appointment: {
        serviceId: 'haircut',
        staffId: 'wanjiku',
        start: '2026-03-06T10:15:00+03:00',
        end: '2026-03-06T10:45:00+03:00',
        status: 'booked',
        priceKesMinor: 80_000,
      },
    });
    const moved = r.ok ? r.appointment : undefined;
    expect(moved?.id).not.toBe(a.id);
    const { rows } = await t.db.query<{ id: number; status: string; rescheduled_from: number }>(
      'SELECT id, status, rescheduled_from FROM t_demo.appointments WHERE id IN ($1, $2) ORDER BY id',
      [a.id, moved?.id],
    );
    expect(rows).toEqual([
      { id: a.id, status: 'cancelled', rescheduled_from: null },
      { id: moved?.id, status: 'booked', rescheduled_from: a.id },
    ]);
    const list = await calls['booking.list'](ctx(customers[5]!), { upcomingOnly: true });
    expect(list.appointments.map((x) => x.id)).toEqual([moved?.id]);

    // To another staff member.
    const r2 = await calls['booking.reschedule'](ctx(customers[5]!), {
      appointmentId: moved!.id,
      start: '2026-03-06T12:00:00+03:00',
      staffId: 'baraka',
    });
    expect(r2).toMatchObject({ ok: true, appointment: { staffId: 'baraka' } });
  });

  it('refuses a taken time with alternatives and leaves the appointment as it was', async () => {
    const mine = await book(customers[6]!, 'massage', 'baraka', '2026-03-10T10:00:00+03:00');
    await book(customers[7]!, 'haircut', 'baraka', '2026-03-10T15:00:00+03:00');
    const r = await calls['booking.reschedule'](ctx(customers[6]!), {
      appointmentId: mine.id,
      start: '2026-03-10T14:45:00+03:00',
      staffId: 'baraka',
    });
    expect(r).toMatchObject({ ok: false, reason: 'slot_taken' });
    const alternatives = r.ok ? [] : r.alternatives;
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives[0]).toMatchObject({ staffId: 'baraka', serviceId: 'massage' });
    const list = await calls['booking.list'](ctx(customers[6]!), { upcomingOnly: true });
    expect(list.appointments).toEqual([mine]);
  });

  it('refuses inside the cutoff and for unknown or cancelled appointments', async () => {
    const soon = await book(customers[8]!, 'manicure', 'achieng', '2026-03-02T08:00:00+03:00');
    const gone = await book(customers[8]!, 'manicure', 'achieng', '2026-03-11T08:00:00+03:00');
    await calls['booking.cancel'](ctx(customers[8]!), { appointmentId: gone.id });
    const reschedule = calls['booking.reschedule'];
    const to = { start: '2026-03-12T10:00:00+03:00', staffId: '' };
    expect(await reschedule(ctx(customers[8]!), { appointmentId: soon.id, ...to })).toEqual({
      ok: false,
      reason: 'past_cutoff',
      alternatives: [],
    });
    for (const appointmentId of [999_999, gone.id]) {
      expect(await reschedule(ctx(customers[8]!), { appointmentId, ...to })).toEqual({
        ok: false,
        reason: 'not_found',
        alternatives: [],
      });
    }
  });
});

describe('booking.list', () => {
  it('lists upcoming appointments soonest first, or all of them latest first', async () => {
    const c = customers[9]!;
    const past = await book(c, 'pedicure', 'achieng', '2026-03-02T09:00:00+03:00');
    const next = await book(c, 'pedicure', 'achieng', '2026-03-09T09:00:00+03:00');
    const upcoming = await calls['booking.list'](ctx(c, Date.parse('2026-03-03T07:00:00+03:00')), {
      upcomingOnly: true,
    });
    expect(upcoming.appointments.map((a) => a.id)).toEqual([next.id]);
    const all = await calls['booking.list'](ctx(c), { upcomingOnly: false });
    expect(all.appointments.map((a) => a.id)).toEqual([next.id, past.id]);
    expect(await calls['booking.list'](ctx(null), { upcomingOnly: true })).toEqual({
      appointments: [],
    });
  });
});

describe('inquiry.answer', () => {
  it("answers from the tenant's catalog and knowledge, and offers a human otherwise", async () => {
    const answer = calls['inquiry.answer'];
    expect(
      await answer(ctx(customers[0]!), {
        intent: 'prices',
        serviceIds: ['braids'],
        language: 'sw',
      }),
    ).toEqual({ answered: true, text: 'Kusuka: KES 3,500, takriban saa 3.' });
    expect(
      await answer(ctx(customers[0]!), {
        intent: 'inquiry',
        topic: 'Kuna parking?',
        serviceIds: [],
        language: 'sw',
      }),
    ).toEqual({ answered: true, text: 'Ndiyo, kuna parking ya bure mbele ya saluni.' });
    expect(
      await answer(ctx(customers[0]!), { intent: 'location', serviceIds: [], language: 'en' }),
    ).toMatchObject({ answered: true, text: expect.stringContaining('Ngong Road') as string });
    expect(
      await answer(ctx(customers[0]!), {
        intent: 'inquiry',
        topic: 'wifi password',
        serviceIds: [],
        language: 'en',
      }),
    ).toMatchObject({ answered: false });
  });
});

describe('catalog cache', () => {
  it('reads the catalog once per registry entry, and afresh after the tenant file is applied again', async () => {
    const registry = new TenantRegistry(t.db);
    const cached = createBookingCalls();
    const counting = countingQueries(t.db);
    const price = async () => {
      const c = { ...ctx(customers[0]!), db: counting.db, tenant: (await registry.get('demo'))! };
      const r = await cached['inquiry.answer'](c, {
        intent: 'prices',
        serviceIds: ['haircut'],
        language: 'en',
      });
      return r.text;
    };
    expect(await price()).toContain('KES 800');
    const first = counting.count();
    expect(await price()).toContain('KES 800');
    // Only what changes all day (blocks, and the extra hours an owner opens) is read again.
    expect(counting.count() - first).toBe(2);

    const file = await readTenantFile(DEMO_TENANT_FILE);
    await setUpTenant(t.db, {
      ...file,
      services: file.services.map((s) => (s.id === 'haircut' ? { ...s, price_kes: 950 } : s)),
    });
    registry.invalidate('demo'); // what the change bus does on every process
    expect(await price()).toContain('KES 950');
    await setUpTenant(t.db, file);
  });
});
